public import LabKit

extension ChainValidator {
    /// Builds the path from the presented leaf through the presented intermediates to a
    /// trusted root, with a budget of ``maximumSignatureChecks`` signature checks.
    ///
    /// - Returns: The path, leaf first and the trusted root last.
    /// - Throws: What ``buildPath(for:budget:)`` throws.
    public func buildPath(for presented: [Certificate]) throws -> [Certificate] {
        var budget = SignatureCheckBudget(limit: Self.maximumSignatureChecks)
        return try buildPath(for: presented, budget: &budget)
    }

    /// Builds the path from the presented leaf through the presented intermediates to a
    /// trusted root, performing every signature check through `budget`.
    ///
    /// The first presented certificate is the leaf; the others are untrusted candidates in
    /// any order, possibly with extras that belong to no path. From the leaf, repeatedly
    /// find an issuer of the current certificate: a certificate whose subject equals the
    /// current certificate's issuer **and** whose public key verifies its signature
    /// (``SignatureCheckBudget/isSignature(of:verifiedBy:)``). A trusted root ends the path.
    /// Otherwise try each presented candidate that is not already on the path, and
    /// backtrack when one leads nowhere: a CA may be cross-signed, so two presented
    /// certificates can carry the same name and key, and only one of them may lead to a
    /// trusted root. A leaf that is itself one of the trusted roots is a path of one
    /// certificate, found without a signature check.
    ///
    /// Two limits bound the search, because the peer chooses what it presents:
    /// - no path longer than ``maximumPathCertificates`` (leaf and root included) is explored;
    /// - every signature check counts against `budget`, which throws once it is spent.
    ///
    /// - Returns: The path, leaf first and the trusted root last.
    /// - Throws: ``TrustError`` with, in this order of precedence:
    ///   - ``TrustError/Code/emptyChain`` when nothing was presented;
    ///   - ``TrustError/Code/pathSearchLimitExceeded`` when `budget` ran out, or when no path
    ///     was found and some branch stopped at ``maximumPathCertificates``;
    ///   - ``TrustError/Code/invalidSignature`` when no path exists and some certificate with
    ///     a matching issuer name failed to verify a signature;
    ///   - ``TrustError/Code/selfSigned`` when the leaf is self-issued (and not trusted);
    ///   - ``TrustError/Code/unknownIssuer`` otherwise.
    public func buildPath(for presented: [Certificate], budget: inout SignatureCheckBudget) throws -> [Certificate] {
        // TODO: Part 2 — search from the leaf for issuers (name match and a verifying key, checked with
        // budget.isSignature) among the trusted roots first, then the presented certificates not yet on
        // the path, backtracking on dead ends and stopping at maximumPathCertificates.
        throw LabKitError.notImplemented("build a path to a trusted root", part: 2, in: "ChainValidator")
    }
}
