extension PolicyEngine {
    /// Returns whether any policy isolates a pod for egress.
    public func isIsolatedForEgress(_ pod: ClusterPod) throws -> Bool {
        try !policiesIsolating(pod, for: .egress).isEmpty
    }

    /// Returns whether the egress policies of `pod` allow a connection to `destination`'s
    /// `port` over `transport`.
    ///
    /// The mirror image of ingress: a non-isolated pod may connect anywhere; an isolated one
    /// only where some egress rule of its isolating policies allows, a rule with missing or
    /// empty `to` allowing every destination. Ports, named ones included, are checked
    /// against the destination. DNS is no exception: an egress-isolated pod that must resolve
    /// names needs a rule for port 53 over UDP (and TCP) to the DNS pods.
    public func allowsEgress(
        from pod: ClusterPod, to destination: Endpoint, port: Int, protocol transport: TransportProtocol
    ) throws -> Bool {
        let isolating = try policiesIsolating(pod, for: .egress)
        guard !isolating.isEmpty else { return true }
        for policy in isolating {
            for rule in policy.spec.egress ?? [] {
                let peers = rule.to ?? []
                let ports = rule.ports ?? []
                let peerMatches =
                    try peers.isEmpty
                    || peers.contains { try peer($0, ofPolicyIn: policy.namespace, matches: destination) }
                let portMatches =
                    try ports.isEmpty
                    || ports.contains { try $0.matches(port: port, protocol: transport, on: destination) }
                if peerMatches && portMatches {
                    return true
                }
            }
        }
        return false
    }
}
