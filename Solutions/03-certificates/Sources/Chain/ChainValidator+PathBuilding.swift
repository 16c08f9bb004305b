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
        guard let leaf = presented.first else {
            throw TrustError(.emptyChain, "the peer presented no certificate")
        }
        if trustedRoots.contains(leaf) {
            return [leaf]
        }
        var search = PathSearch(roots: trustedRoots, candidates: Array(presented.dropFirst()), budget: budget)
        defer { budget = search.budget }
        if let path = try search.extend([leaf], limit: Self.maximumPathCertificates) {
            return path
        }
        if search.reachedLengthLimit {
            throw TrustError(
                .pathSearchLimitExceeded,
                "no path from \(leaf.subject) to a trusted root has at most \(Self.maximumPathCertificates) "
                    + "certificates, the leaf and the root included")
        }
        if let failed = search.signatureFailure {
            throw TrustError(
                .invalidSignature, "the signature of \(failed.subject) does not verify with the key of \(failed.issuer)"
            )
        }
        if leaf.isSelfIssued {
            throw TrustError(.selfSigned, "\(leaf.subject) is self-signed and is not a trusted root")
        }
        throw TrustError(
            .unknownIssuer,
            "no path from \(leaf.subject) to a trusted root: issuer \(search.deepestIssuer ?? leaf.issuer) "
                + "is neither trusted nor among the presented certificates")
    }
}

/// A depth-first search for a path, remembering why branches failed.
private struct PathSearch {
    let roots: [Certificate]
    let candidates: [Certificate]
    var budget: SignatureCheckBudget
    /// A certificate whose issuer was found by name but did not verify its signature.
    var signatureFailure: Certificate?
    /// The issuer name at which the longest failed branch stopped.
    var deepestIssuer: DistinguishedName?
    /// Whether some branch stopped because it reached the maximum path length.
    var reachedLengthLimit = false
    private var deepestLength = 0

    init(roots: [Certificate], candidates: [Certificate], budget: SignatureCheckBudget) {
        self.roots = roots
        self.candidates = candidates
        self.budget = budget
    }

    /// Returns a completed path of at most `limit` certificates that starts with `path`, or `nil`.
    mutating func extend(_ path: [Certificate], limit: Int) throws -> [Certificate]? {
        guard let current = path.last else { return nil }
        // A trusted root ends the path. Try roots first, so the shortest path wins.
        if let root = try issuers(of: current, among: roots).first {
            return path + [root]
        }
        if path.count > deepestLength {
            deepestLength = path.count
            deepestIssuer = current.issuer
        }
        // Skipping the certificates already on the path stops cycles, such as two CAs that
        // cross-signed each other.
        let unused = candidates.filter { candidate in !path.contains(candidate) && candidate.subject == current.issuer }
        guard !unused.isEmpty else { return nil }
        // An intermediate added here still needs a root after it.
        guard path.count + 2 <= limit else {
            reachedLengthLimit = true
            return nil
        }
        // Check one candidate's signature at a time, so a path found early spends little budget.
        for candidate in unused where try isIssuer(candidate, of: current) {
            if let completed = try extend(path + [candidate], limit: limit) {
                return completed
            }
        }
        return nil
    }

    /// The certificates of `pool` named as `certificate`'s issuer whose keys verify its signature.
    private mutating func issuers(of certificate: Certificate, among pool: [Certificate]) throws -> [Certificate] {
        var found: [Certificate] = []
        for candidate in pool where try isIssuer(candidate, of: certificate) {
            found.append(candidate)
        }
        return found
    }

    /// Checks whether `candidate` has `certificate`'s issuer name and its key verifies `certificate`'s signature.
    private mutating func isIssuer(_ candidate: Certificate, of certificate: Certificate) throws -> Bool {
        guard candidate.subject == certificate.issuer else { return false }
        guard try budget.isSignature(of: certificate, verifiedBy: candidate) else {
            signatureFailure = signatureFailure ?? certificate
            return false
        }
        return true
    }
}
