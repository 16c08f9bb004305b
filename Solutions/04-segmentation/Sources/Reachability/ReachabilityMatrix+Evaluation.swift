extension ReachabilityMatrix {
    /// Computes the matrix: one policy decision per source pod and destination.
    ///
    /// Every pod is a source; the destinations are every pod and then each external address.
    /// A cell is true when ``PolicyEngine/decide(from:to:port:protocol:)`` allows the
    /// connection. A pod's connection to itself is decided like any other.
    ///
    /// - Parameters:
    ///   - engine: The cluster and its policies.
    ///   - port: The destination port of every connection.
    ///   - transport: The protocol of every connection.
    ///   - externals: Addresses outside the cluster to add as destinations.
    public init(engine: PolicyEngine, port: Int, protocol transport: TransportProtocol, externals: [IPAddress] = [])
        throws
    {
        let pods = engine.cluster.pods
        let destinations = pods.map(Endpoint.pod) + externals.map(Endpoint.external)
        var rows: [[Bool]] = []
        rows.reserveCapacity(pods.count)
        for source in pods {
            rows.append(
                try destinations.map {
                    try engine.decide(from: source, to: $0, port: port, protocol: transport).isAllowed
                })
        }
        self.init(sources: pods.map(\.description), destinations: destinations.map(\.description), allowed: rows)
    }

    /// The matrix as the Kubernetes network-policy end-to-end tests print their truth tables.
    ///
    /// A header line of `-` and the destination labels, then one line per source: its label
    /// and one mark per destination, `.` for allowed and `X` for blocked. Fields are separated by
    /// a tab, and lines end with a newline, the last one included.
    ///
    /// ```
    /// -	x/a	x/b
    /// x/a	.	X
    /// x/b	.	.
    /// ```
    public func table() -> String {
        var lines = [(["-"] + destinations).joined(separator: "\t")]
        for (source, row) in zip(sources, allowed) {
            lines.append(([source] + row.map { $0 ? "." : "X" }).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
