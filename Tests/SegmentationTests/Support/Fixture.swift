import Foundation
import LabKit
import Segmentation

/// Clusters in the style of the Kubernetes network-policy end-to-end tests.
///
/// Namespaces `x`, `y` and `z` are labelled `ns: NAME`, each with pods `a`, `b` and `c` labelled `pod: NAME`, every pod
/// serving TCP 80 (`serve-80-tcp`), TCP 81 (`serve-81-tcp`), UDP 80 (`serve-80-udp`) and
/// SCTP 80 (`serve-80-sctp`). `kube-system/dns` serves port 53 over UDP and TCP.
enum Fixture {
    static let namespaces = ["x", "y", "z"]
    static let podNames = ["a", "b", "c"]

    /// Returns Namespace and Pod manifests in the style `kubectl` accepts.
    static func clusterYAML(namespaces: [String] = namespaces, pods: [String] = podNames) -> String {
        var documents: [String] = []
        for namespace in namespaces {
            documents.append(
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: \(namespace)
                  labels:
                    ns: \(namespace)
                """)
            for pod in pods {
                documents.append(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: \(pod)
                      namespace: \(namespace)
                      labels:
                        pod: \(pod)
                    spec:
                      containers:
                        - name: cont-80-tcp
                          image: registry.k8s.io/e2e-test-images/agnhost:2.47
                          command: ["/agnhost", "serve-hostname", "--tcp", "--http=false", "--port", "80"]
                          ports:
                            - containerPort: 80
                              name: serve-80-tcp
                              protocol: TCP
                            - containerPort: 80
                              name: serve-80-udp
                              protocol: UDP
                            - containerPort: 80
                              name: serve-80-sctp
                              protocol: SCTP
                        - name: cont-81-tcp
                          image: registry.k8s.io/e2e-test-images/agnhost:2.47
                          ports:
                            - containerPort: 81
                              name: serve-81-tcp
                    """)
            }
        }
        documents.append(dnsYAML)
        return documents.joined(separator: "\n---\n") + "\n"
    }

    static let dnsYAML = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: dns
          namespace: kube-system
          labels:
            k8s-app: kube-dns
        spec:
          containers:
            - name: coredns
              image: registry.k8s.io/coredns/coredns:v1.11.1
              ports:
                - containerPort: 53
                  name: dns
                  protocol: UDP
                - containerPort: 53
                  name: dns-tcp
                  protocol: TCP
        """

    /// Builds a policy engine for the fixture cluster plus the given policy manifests.
    static func engine(_ policies: String...) throws -> PolicyEngine {
        let manifests =
            try ManifestLoader.load(clusterYAML(), source: "cluster.yaml")
            + policies.enumerated().flatMap { try ManifestLoader.load($1, source: "policy \($0 + 1)") }
        return PolicyEngine(cluster: try Cluster(manifests: manifests))
    }

    /// Returns the decision for a connection, TCP by default, between two fixture endpoints.
    static func verdict(
        _ engine: PolicyEngine, _ source: String, _ destination: String, port: Int = 80,
        protocol transport: TransportProtocol = .tcp
    ) throws -> Verdict {
        guard let pod = engine.cluster.pod(source), let target = engine.endpoint(destination) else {
            throw LabKitError(.invalidArgument, "the fixture has no \(source) or \(destination)")
        }
        return try engine.decide(from: pod, to: target, port: port, protocol: transport)
    }

    static func pod(_ engine: PolicyEngine, _ reference: String) throws -> ClusterPod {
        guard let pod = engine.cluster.pod(reference) else {
            throw LabKitError(.invalidArgument, "the fixture has no pod \(reference)")
        }
        return pod
    }

    /// Every pod of the fixture's namespaces x, y and z, as `namespace/name`.
    static var allPods: [String] {
        namespaces.flatMap { namespace in podNames.map { "\(namespace)/\($0)" } }
    }

    /// Returns a policy manifest in the namespace `x` with the given spec, indented as in a file.
    static func policy(_ name: String, namespace: String = "x", spec: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
        \(spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        """
    }
}
