/// One end of a connection: a pod of the cluster, or an address outside it.
public enum Endpoint: Hashable, Sendable, CustomStringConvertible {
    case pod(ClusterPod)
    /// An address that belongs to no pod, such as `203.0.113.10` or the metadata address
    /// `169.254.169.254`. The lab never sends traffic to it.
    case external(IPAddress)

    /// The endpoint's IP address.
    public var ip: IPAddress {
        switch self {
        case .pod(let pod): pod.ip
        case .external(let address): address
        }
    }

    /// The pod, when the endpoint is one.
    public var pod: ClusterPod? {
        guard case .pod(let pod) = self else { return nil }
        return pod
    }

    /// `namespace/name` for a pod, the address for an external endpoint.
    public var description: String {
        switch self {
        case .pod(let pod): pod.description
        case .external(let address): address.description
        }
    }
}

/// A transport protocol that network policies distinguish.
public enum TransportProtocol: String, CaseIterable, Hashable, Sendable {
    case tcp = "TCP"
    case udp = "UDP"
    case sctp = "SCTP"
}

/// The direction of traffic a policy isolates, as in `spec.policyTypes`.
public enum PolicyType: String, CaseIterable, Hashable, Sendable {
    case ingress = "Ingress"
    case egress = "Egress"
}

/// The outcome of the policy decision for one connection.
public enum Verdict: Hashable, Sendable, CustomStringConvertible {
    /// Both the source's egress and the destination's ingress allow the connection.
    case allowed
    /// The source pod is isolated for egress and no egress rule of its policies allows it.
    case deniedByEgress
    /// The destination pod is isolated for ingress and no ingress rule of its policies allows it.
    case deniedByIngress

    public var isAllowed: Bool { self == .allowed }

    public var description: String {
        switch self {
        case .allowed: "allowed"
        case .deniedByEgress: "denied by the source's egress policies"
        case .deniedByIngress: "denied by the destination's ingress policies"
        }
    }
}
