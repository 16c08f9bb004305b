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
        if let written = spec.policyTypes, !written.isEmpty {
            return Set(written.compactMap(PolicyType.init(rawValue:)))
        }
        var types: Set<PolicyType> = [.ingress]
        if !(spec.egress ?? []).isEmpty {
            types.insert(.egress)
        }
        return types
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
        if let block = peer.ipBlock {
            return try block.contains(endpoint.ip)
        }
        guard peer.podSelector != nil || peer.namespaceSelector != nil, let pod = endpoint.pod else {
            return false
        }
        if let namespaceSelector = peer.namespaceSelector {
            guard let namespaceLabels = cluster.labels(ofNamespace: pod.namespace),
                try namespaceSelector.matches(namespaceLabels)
            else { return false }
        } else if pod.namespace != policyNamespace {
            return false
        }
        if let podSelector = peer.podSelector {
            return try podSelector.matches(pod.labels)
        }
        return true
    }

    /// Returns the policies that isolate a pod for one direction: those of the pod's namespace
    /// whose `podSelector` matches it and whose effective policy types include the direction.
    public func policiesIsolating(_ pod: ClusterPod, for direction: PolicyType) throws -> [NetworkPolicy] {
        try policies(in: pod.namespace).filter { policy in
            try effectivePolicyTypes(of: policy.spec).contains(direction)
                && policy.spec.podSelector.matches(pod.labels)
        }
    }

    /// Returns whether any policy isolates a pod for ingress.
    ///
    /// A pod that no such policy selects is non-isolated and accepts every connection.
    public func isIsolatedForIngress(_ pod: ClusterPod) throws -> Bool {
        try !policiesIsolating(pod, for: .ingress).isEmpty
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
        let isolating = try policiesIsolating(pod, for: .ingress)
        guard !isolating.isEmpty else { return true }
        for policy in isolating {
            for rule in policy.spec.ingress ?? [] {
                let peers = rule.from ?? []
                let ports = rule.ports ?? []
                let peerMatches =
                    try peers.isEmpty
                    || peers.contains { try peer($0, ofPolicyIn: policy.namespace, matches: source) }
                let portMatches =
                    try ports.isEmpty
                    || ports.contains { try $0.matches(port: port, protocol: transport, on: .pod(pod)) }
                if peerMatches && portMatches {
                    return true
                }
            }
        }
        return false
    }
}
