extension PolicyEngine {
    /// Decides a connection from a pod: it passes only when the source's egress policies
    /// allow it and, for a destination pod, the destination's ingress policies allow it too.
    ///
    /// An external destination has no ingress policies in the cluster, so the source's
    /// egress decides alone. Part 2 writes the ingress half, and Part 3 adds the egress check
    /// in front of it.
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
