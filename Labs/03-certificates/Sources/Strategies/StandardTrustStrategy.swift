public import LabKit

/// Validates the chain and then the host name: what browsers, curl and OpenSSL with
/// `X509_VERIFY_PARAM_set1_host` do by default.
///
/// This is the strategy to use for a server on the public internet or behind a private CA.
/// It still trusts every CA in ``ChainValidator/trustedRoots`` for every name; pinning
/// (Part 4) narrows that down.
public struct StandardTrustStrategy: TrustStrategy {
    /// The chain validation to run first.
    public let validator: ChainValidator

    public init(validator: ChainValidator) {
        self.validator = validator
    }

    /// Validates the chain with ``validator``, then checks the leaf against the presented
    /// chain's ``PresentedChain/expectedName`` with ``HostNameVerifier/verify(_:host:)``.
    ///
    /// - Throws: ``TrustError`` from chain validation; ``TrustError/Code/hostNameMismatch``
    ///   when the leaf does not match, or when no expected name was given, because a
    ///   server identity cannot be checked without one.
    public func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        // TODO: Part 3 — validate the chain, require an expected name, then verify the leaf's host name.
        throw LabKitError.notImplemented("validate the chain and the host name", part: 3, in: "StandardTrustStrategy")
    }
}
