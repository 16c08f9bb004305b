/// The policy decision point of the simulated cluster, which decides whether the network policies allow a connection.
///
/// The engine follows the NetworkPolicy semantics of the Kubernetes API reference
/// (`networking.k8s.io/v1`). This file is given; the decisions are in
/// `PolicyEngine+Ingress.swift` (Part 2) and `PolicyEngine+Egress.swift` (Part 3).
public struct PolicyEngine: Sendable {
    /// The cluster whose pods, namespaces and policies the engine reads.
    public let cluster: Cluster
    private let policiesByNamespace: [String: [NetworkPolicy]]

    public init(cluster: Cluster) {
        self.cluster = cluster
        policiesByNamespace = Dictionary(grouping: cluster.policies, by: \.namespace)
    }

    /// Returns the policies of one namespace: the only ones that can select its pods.
    public func policies(in namespace: String) -> [NetworkPolicy] {
        policiesByNamespace[namespace] ?? []
    }

    /// Resolves `namespace/name` to a pod, and an IP address to the pod that has it or to an
    /// external endpoint; returns `nil` for anything else.
    public func endpoint(_ text: String) -> Endpoint? {
        if let pod = cluster.pod(text) {
            return .pod(pod)
        }
        guard let address = IPAddress(text) else { return nil }
        if let pod = cluster.pod(at: address) {
            return .pod(pod)
        }
        return .external(address)
    }
}
