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

    /// Decides a connection from a pod: it passes only when the source's egress policies
    /// allow it and, for a destination pod, the destination's ingress policies allow it too.
    ///
    /// An external destination has no ingress policies in the cluster, so the source's
    /// egress decides alone.
    public func decide(
        from source: ClusterPod, to destination: Endpoint, port: Int, protocol transport: TransportProtocol
    )
        throws -> Verdict
    {
        guard try allowsEgress(from: source, to: destination, port: port, protocol: transport) else {
            return .deniedByEgress
        }
        if let pod = destination.pod,
            try !allowsIngress(to: pod, from: .pod(source), port: port, protocol: transport)
        {
            return .deniedByIngress
        }
        return .allowed
    }
}
