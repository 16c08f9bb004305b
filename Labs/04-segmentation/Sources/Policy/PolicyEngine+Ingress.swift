import LabKit

extension PolicyEngine {
    /// Returns the directions a policy isolates, applying Kubernetes' default when
    /// `policyTypes` is missing or empty.
    ///
    /// Kubernetes `SetDefaults_NetworkPolicy`: without `policyTypes`, a policy is always an
    /// `Ingress` policy, and also an `Egress` policy when it has at least one egress rule.
    /// So a policy with only egress rules and no `policyTypes` isolates its pods for ingress
    /// too, and, having no ingress rules, denies them all incoming traffic.
    /// Written `policyTypes` are used as they are (unknown values are ignored here and
    /// rejected by validation).
    public func effectivePolicyTypes(of spec: NetworkPolicySpec) throws -> Set<PolicyType> {
        // TODO: Part 2 — written policyTypes as they are; otherwise Ingress, plus Egress when the
        // policy has at least one egress rule (Part 4 tests the corner cases).
        throw LabKitError.notImplemented("default a policy's policyTypes", part: 2)
    }

    /// Returns whether a peer of a policy in `policyNamespace` matches an endpoint.
    ///
    /// - An `ipBlock` peer matches by address (Part 3).
    /// - Otherwise the endpoint must be a pod, and:
    ///   - `namespaceSelector` missing: the pod must be in the policy's own namespace;
    ///     present: the pod's namespace labels must match it (`{}` matches every namespace).
    ///   - `podSelector` missing: any pod of those namespaces; present: the pod's labels
    ///     must match it (`{}` matches every pod).
    ///   - When both selectors are given, both must match (AND).
    /// - A peer with no field at all matches nothing (validation rejects it).
    public func peer(_ peer: NetworkPolicyPeer, ofPolicyIn policyNamespace: String, matches endpoint: Endpoint) throws
        -> Bool
    {
        // TODO: Part 2 — namespaceSelector (missing: the policy's namespace) AND podSelector
        // (missing: any pod); Part 3 adds ipBlock through IPBlock.contains(_:).
        throw LabKitError.notImplemented("match a policy peer", part: 2)
    }

    /// Returns the policies that isolate a pod for one direction: those of the pod's namespace
    /// whose `podSelector` matches it and whose effective policy types include the direction.
    public func policiesIsolating(_ pod: ClusterPod, for direction: PolicyType) throws -> [NetworkPolicy] {
        // TODO: Part 2 — filter policies(in:) by effective policy type and podSelector.
        throw LabKitError.notImplemented("find the policies that isolate a pod", part: 2)
    }

    /// Returns whether any policy isolates a pod for ingress.
    ///
    /// A pod that no such policy selects is non-isolated and accepts every connection.
    public func isIsolatedForIngress(_ pod: ClusterPod) throws -> Bool {
        // TODO: Part 2 — isolated when at least one policy isolates the pod for ingress.
        throw LabKitError.notImplemented("decide whether a pod is isolated for ingress", part: 2)
    }

    /// Returns whether the ingress policies of `pod` allow a connection from `source` to the
    /// pod's `port` over `transport`.
    ///
    /// A non-isolated pod allows everything. An isolated pod allows the connection when at
    /// least one ingress rule of at least one of its isolating policies allows it: policies
    /// add up, and none can deny what another allows. A rule allows the connection when its
    /// `from` is missing or empty (any source) or one of its peers matches the source (OR),
    /// and its `ports` is missing or empty (any port) or one of its ports matches (Part 4).
    /// An isolating policy with no ingress rules (`ingress: []` or none) allows nothing.
    public func allowsIngress(
        to pod: ClusterPod, from source: Endpoint, port: Int, protocol transport: TransportProtocol
    )
        throws -> Bool
    {
        // TODO: Part 2 — non-isolated pods allow all; otherwise some rule of some isolating policy
        // must match both the source (peers ORed, none = any) and the port (none = any; Part 4).
        throw LabKitError.notImplemented("decide ingress to a pod", part: 2)
    }
}
