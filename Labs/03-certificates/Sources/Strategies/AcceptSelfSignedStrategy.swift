public import LabKit

/// Trusts any self-signed certificate, and hands every other chain to a fallback strategy:
/// the "trust self-signed" option of many HTTP client libraries.
///
/// A self-signature proves only that whoever sent the certificate holds its private key,
/// which is true of any attacker who made one a moment ago. The strategy accepts such a
/// certificate for any name, at any date. Acceptable only when the certificate is also
/// pinned, which makes the self-signature irrelevant.
public struct AcceptSelfSignedStrategy: TrustStrategy {
    /// The strategy for chains that are not a single self-signed certificate.
    public let fallback: any TrustStrategy

    public init(fallback: any TrustStrategy) {
        self.fallback = fallback
    }

    /// Accepts a chain of exactly one self-signed certificate, and otherwise returns what
    /// ``fallback`` decides.
    ///
    /// A certificate is self-signed when its issuer equals its subject and its signature
    /// verifies with its own public key (``Certificate/isSignature(verifiedBy:)``).
    ///
    /// - Throws: ``TrustError/Code/emptyChain`` for an empty chain, and whatever the fallback throws.
    public func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        // TODO: Part 1 — accept a chain of exactly one self-signed certificate (issuer equals
        // subject and its own key verifies its signature); hand any other chain to the fallback.
        throw LabKitError.notImplemented("accept self-signed certificates", part: 1, in: "AcceptSelfSignedStrategy")
    }
}
