/// The truth table of a cluster's policies: for one port and protocol, which pod may connect
/// to which pod or external address.
///
/// Rows are the source pods and columns the destinations (every pod, then the external
/// addresses), in the cluster's order: by namespace, then name.
public struct ReachabilityMatrix: Sendable {
    /// The row labels, `namespace/name`.
    public let sources: [String]
    /// The column labels, `namespace/name` for pods and the address for external endpoints.
    public let destinations: [String]
    /// `allowed[row][column]`: whether the connection passes.
    public let allowed: [[Bool]]

    public init(sources: [String], destinations: [String], allowed: [[Bool]]) {
        self.sources = sources
        self.destinations = destinations
        self.allowed = allowed
    }

    /// Returns the cell for a source and a destination label, or `nil` when either is not in the matrix.
    public func allows(from source: String, to destination: String) -> Bool? {
        guard let row = sources.firstIndex(of: source), let column = destinations.firstIndex(of: destination) else {
            return nil
        }
        return allowed[row][column]
    }

    /// The number of connections that pass.
    public var allowedCount: Int {
        allowed.reduce(0) { $0 + $1.filter { $0 }.count }
    }
}
