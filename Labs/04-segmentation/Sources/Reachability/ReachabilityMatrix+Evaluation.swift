import LabKit

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
        // TODO: Part 5 — one decide(from:to:port:protocol:) per source pod and destination (pods, then
        // externals), then self.init(sources:destinations:allowed:) with the pods' and endpoints' descriptions.
        throw LabKitError.notImplemented("compute the reachability matrix", part: 5)
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
        // TODO: Part 5 — a header of "-" and the destinations, then one line per source with "." or
        // "X" per destination, tab-separated, each line ending in a newline.
        return ""
    }
}
