public import LabKit

extension ChainValidator {
    /// Builds the path from the presented leaf through the presented intermediates to a trusted root.
    ///
    /// The first presented certificate is the leaf; the others are untrusted candidates in
    /// any order, possibly with extras that belong to no path. From the leaf, repeatedly
    /// find an issuer of the current certificate: a certificate whose subject equals the
    /// current certificate's issuer **and** whose public key verifies its signature
    /// (``Certificate/isSignature(verifiedBy:)``). A trusted root ends the path. Otherwise
    /// try each presented candidate not yet on the path, backtracking when one leads nowhere.
    /// A leaf that is itself one of the trusted roots is a path of one certificate.
    ///
    /// Paths longer than ``maximumPathCertificates`` are not explored.
    ///
    /// - Returns: The path, leaf first and the trusted root last.
    /// - Throws: ``TrustError`` with, in this order of precedence:
    ///   - ``TrustError/Code/emptyChain`` when nothing was presented;
    ///   - ``TrustError/Code/invalidSignature`` when no path exists and some certificate with
    ///     a matching issuer name failed to verify a signature;
    ///   - ``TrustError/Code/selfSigned`` when the leaf is self-issued (and not trusted);
    ///   - ``TrustError/Code/unknownIssuer`` otherwise.
    public func buildPath(for presented: [Certificate]) throws -> [Certificate] {
        // TODO: Part 2 — search from the leaf for issuers (name match and a verifying key) among
        // the trusted roots first, then the presented certificates, backtracking on dead ends.
        throw LabKitError.notImplemented("build a path to a trusted root", part: 2, in: "ChainValidator")
    }
}
