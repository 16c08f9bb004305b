public import LabKit

/// Trusts any certificate at all: what `curl --insecure`, `verify=False` in Python's
/// `requests`, and a Java `TrustManager` with empty methods do.
///
/// Encryption without authentication: the connection is private, but to whoever answered.
/// Every man in the middle is accepted. Acceptable only against a server on your own
/// machine in a throwaway test, never in code that ships.
public struct AcceptAllStrategy: TrustStrategy {
    public init() {}

    /// Returns the presented certificates unchanged.
    ///
    /// - Throws: ``TrustError/Code/emptyChain`` when the peer presented no certificate,
    ///   the one thing this strategy cannot accept.
    public func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        // TODO: Part 1 — return the presented certificates unchanged; throw emptyChain when there are none.
        throw LabKitError.notImplemented("accept every chain", part: 1, in: "AcceptAllStrategy")
    }
}
