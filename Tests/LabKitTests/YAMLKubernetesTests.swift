import Foundation
import LabKit
import Testing

/// A port given as a number or as a named container port, like Kubernetes' IntOrString.
private enum IntOrString: Decodable, Equatable {
    case int(Int32)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int32.self) {
            self = .int(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

private struct LabelSelector: Decodable, Equatable {
    var matchLabels: [String: String]?
}

private struct NetworkPolicy: Decodable, Equatable {
    struct Metadata: Decodable, Equatable {
        var name: String
        var namespace: String?
        var labels: [String: String]?
    }

    struct Spec: Decodable, Equatable {
        var podSelector: LabelSelector
        var policyTypes: [String]?
        var ingress: [IngressRule]?
    }

    struct IngressRule: Decodable, Equatable {
        var from: [Peer]?
        var ports: [Port]?
    }

    struct Peer: Decodable, Equatable {
        var namespaceSelector: LabelSelector?
        var podSelector: LabelSelector?
        var ipBlock: IPBlock?
    }

    struct IPBlock: Decodable, Equatable {
        var cidr: String
        var except: [String]?
    }

    struct Port: Decodable, Equatable {
        var `protocol`: String?
        var port: IntOrString?
        var endPort: Int32?
    }

    var apiVersion: String
    var kind: String
    var metadata: Metadata
    var spec: Spec
}

private let networkPolicyYAML = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: api-allow-frontend
      namespace: shop
      labels:
        app.kubernetes.io/part-of: shop
    spec:
      podSelector:
        matchLabels:
          app: api
      policyTypes:
        - Ingress
      ingress:
        - from:
            - namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: shop
              podSelector:
                matchLabels:
                  role: frontend
            - ipBlock:
                cidr: 10.0.0.0/16
                except: [10.0.5.0/24]
          ports:
            - protocol: TCP
              port: 8080
              endPort: 8090
            - protocol: TCP
              port: http
            - port: "9090"
    """

@Suite("YAML Kubernetes manifests")
struct YAMLKubernetesTests {
    @Test("NetworkPolicy decodes")
    func networkPolicy() throws {
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        let policy = try decoder.decode(NetworkPolicy.self, from: networkPolicyYAML)
        #expect(policy.apiVersion == "networking.k8s.io/v1")
        #expect(policy.metadata.labels == ["app.kubernetes.io/part-of": "shop"], "label keys keep dots and slashes")
        #expect(policy.spec.podSelector.matchLabels == ["app": "api"])
        #expect(policy.spec.policyTypes == ["Ingress"])

        let rule = try #require(policy.spec.ingress?.first)
        let peer = try #require(rule.from?.first)
        #expect(peer.namespaceSelector?.matchLabels == ["kubernetes.io/metadata.name": "shop"])
        #expect(peer.podSelector?.matchLabels == ["role": "frontend"], "both selectors in one peer must match")
        #expect(rule.from?.last?.ipBlock == NetworkPolicy.IPBlock(cidr: "10.0.0.0/16", except: ["10.0.5.0/24"]))

        let ports = try #require(rule.ports)
        #expect(ports[0] == NetworkPolicy.Port(protocol: "TCP", port: .int(8080), endPort: 8090))
        #expect(ports[1].port == .string("http"), "a named port is a string")
        #expect(ports[2].port == .string("9090"), "a quoted number is a string, as in Kubernetes")
        #expect(ports[2].protocol == nil)
    }

    @Test("JSON manifest decodes the same")
    func networkPolicyJSON() throws {
        let json = """
            {
              "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
              "metadata": {"name": "api-allow-frontend", "namespace": "shop",
                           "labels": {"app.kubernetes.io/part-of": "shop"}},
              "spec": {
                "podSelector": {"matchLabels": {"app": "api"}},
                "policyTypes": ["Ingress"],
                "ingress": [{
                  "from": [
                    {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "shop"}},
                     "podSelector": {"matchLabels": {"role": "frontend"}}},
                    {"ipBlock": {"cidr": "10.0.0.0/16", "except": ["10.0.5.0/24"]}}
                  ],
                  "ports": [{"protocol": "TCP", "port": 8080, "endPort": 8090},
                            {"protocol": "TCP", "port": "http"}, {"port": "9090"}]
                }]
              }
            }
            """
        let fromJSON = try YAMLDecoder().decode(NetworkPolicy.self, from: json)
        let fromYAML = try YAMLDecoder().decode(NetworkPolicy.self, from: networkPolicyYAML)
        #expect(fromJSON == fromYAML, "kubectl accepts either form, and both must decode alike")
    }

    @Test("misspelt field is caught in strict mode")
    func strictManifest() throws {
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        let text = networkPolicyYAML.replacingOccurrences(
            of: "podSelector:\n    matchLabels", with: "podSelector:\n    matchLabel")
        let error = #expect(throws: YAMLError.self) { try decoder.decode(NetworkPolicy.self, from: text) }
        #expect(error?.code == .unknownKey, "matchLabel would otherwise select every pod without a word")
        #expect(error?.codingPath == "spec.podSelector.matchLabel")
        #expect(error?.mark == YAMLNode.Mark(line: 10, column: 5))
        #expect(error?.hint == "did you mean \"matchLabels\"?")
    }

    @Test("multi-document manifest file")
    func manifestStream() throws {
        struct TypeMeta: Decodable, Equatable {
            var apiVersion: String
            var kind: String
        }
        let stream = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n" + networkPolicyYAML
        let kinds = try YAMLDecoder().decodeAll(TypeMeta.self, from: stream)
        #expect(kinds.map(\.kind) == ["Namespace", "NetworkPolicy"])
    }

    @Test("endPort must be a number")
    func endPortType() throws {
        let text = networkPolicyYAML.replacingOccurrences(of: "endPort: 8090", with: "endPort: high")
        let error = #expect(throws: YAMLError.self) { try YAMLDecoder().decode(NetworkPolicy.self, from: text) }
        #expect(error?.code == .typeMismatch)
        #expect(error?.codingPath == "spec.ingress[0].ports[0].endPort")
        #expect(error?.mark == YAMLNode.Mark(line: 28, column: 20))
    }
}
