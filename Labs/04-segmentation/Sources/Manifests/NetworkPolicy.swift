/// A Kubernetes NetworkPolicy (`networking.k8s.io/v1`), as `kubectl apply` accepts it.
///
/// The fields follow the Kubernetes API reference for `NetworkPolicySpec`. Missing lists stay
/// `nil` rather than empty, so that code can tell `from` left out from `from: []` when it needs to.
public struct NetworkPolicy: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    public var spec: NetworkPolicySpec
    /// Present in some exported manifests; ignored.
    public var status: IgnoredValue?

    public init(metadata: ObjectMeta, spec: NetworkPolicySpec) {
        apiVersion = "networking.k8s.io/v1"
        kind = "NetworkPolicy"
        self.metadata = metadata
        self.spec = spec
    }

    /// The namespace the policy lives in, which is also the namespace of the pods it selects.
    public var namespace: String { metadata.namespace ?? "default" }
}

/// The body of a NetworkPolicy: which pods it selects and the traffic it allows them.
public struct NetworkPolicySpec: Codable, Hashable, Sendable {
    /// The pods of the policy's namespace that the policy applies to; `{}` selects them all.
    ///
    /// A missing `podSelector` decodes as the empty selector, as the Kubernetes API server reads it.
    public var podSelector: LabelSelector
    /// `Ingress`, `Egress` or both, kept as written; `nil` when the manifest leaves it out.
    public var policyTypes: [String]?
    /// The allowed incoming traffic; `nil` when the manifest has no `ingress` key.
    public var ingress: [NetworkPolicyIngressRule]?
    /// The allowed outgoing traffic; `nil` when the manifest has no `egress` key.
    public var egress: [NetworkPolicyEgressRule]?

    public init(
        podSelector: LabelSelector = LabelSelector(),
        policyTypes: [String]? = nil,
        ingress: [NetworkPolicyIngressRule]? = nil,
        egress: [NetworkPolicyEgressRule]? = nil
    ) {
        self.podSelector = podSelector
        self.policyTypes = policyTypes
        self.ingress = ingress
        self.egress = egress
    }

    enum CodingKeys: String, CodingKey {
        case podSelector, policyTypes, ingress, egress
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        podSelector = try container.decodeIfPresent(LabelSelector.self, forKey: .podSelector) ?? LabelSelector()
        policyTypes = try container.decodeIfPresent([String].self, forKey: .policyTypes)
        ingress = try container.decodeIfPresent([NetworkPolicyIngressRule].self, forKey: .ingress)
        egress = try container.decodeIfPresent([NetworkPolicyEgressRule].self, forKey: .egress)
    }
}

/// One ingress rule: traffic from any of `from` to any of `ports` is allowed.
public struct NetworkPolicyIngressRule: Codable, Hashable, Sendable {
    /// The allowed sources; missing or empty allows every source.
    public var from: [NetworkPolicyPeer]?
    /// The allowed destination ports; missing or empty allows every port.
    public var ports: [NetworkPolicyPort]?

    public init(from: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.from = from
        self.ports = ports
    }
}

/// One egress rule: traffic to any of `to` on any of `ports` is allowed.
public struct NetworkPolicyEgressRule: Codable, Hashable, Sendable {
    /// The allowed destinations; missing or empty allows every destination.
    public var to: [NetworkPolicyPeer]?
    /// The allowed destination ports; missing or empty allows every port.
    public var ports: [NetworkPolicyPort]?

    public init(to: [NetworkPolicyPeer]? = nil, ports: [NetworkPolicyPort]? = nil) {
        self.to = to
        self.ports = ports
    }
}

/// A source or destination of a rule: pods by selector, namespaces by selector, both, or an IP block.
public struct NetworkPolicyPeer: Codable, Hashable, Sendable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
}

/// A range of addresses in CIDR notation, minus the ranges in `except`.
public struct IPBlock: Codable, Hashable, Sendable {
    /// The block, such as `0.0.0.0/0` or `2001:db8::/32`.
    public var cidr: String
    /// Ranges removed from this block only, each inside `cidr`.
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }
}

/// A port (or range of ports) and protocol that a rule allows.
public struct NetworkPolicyPort: Codable, Hashable, Sendable {
    /// `TCP`, `UDP` or `SCTP` as written; `nil` means TCP.
    public var `protocol`: String?
    /// A port number or a named container port; `nil` matches every port.
    public var port: IntOrString?
    /// The last port of a range that starts at the numeric `port`.
    public var endPort: Int?

    public init(protocol: String? = nil, port: IntOrString? = nil, endPort: Int? = nil) {
        self.protocol = `protocol`
        self.port = port
        self.endPort = endPort
    }
}

/// A value that is either a number or a string, as Kubernetes' `intstr.IntOrString`.
///
/// A plain YAML number decodes as ``int(_:)``; anything else, including a quoted number such as
/// `"80"`, decodes as ``string(_:)``, as the Kubernetes API server reads it. A plain number that
/// is not a whole number in range, such as `80.5` or `99999999999999999999`, is an error, as it is
/// for the API server, rather than a port name that merely fails the name rules.
public enum IntOrString: Codable, Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if (try? container.decode(Double.self)) != nil {
            let text = try container.decode(String.self)
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\(text) is neither a port number from 1 to 65535 nor a port name")
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .int(let number): "\(number)"
        case .string(let text): text
        }
    }
}
