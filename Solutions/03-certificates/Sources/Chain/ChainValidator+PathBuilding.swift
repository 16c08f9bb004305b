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
        guard let leaf = presented.first else {
            throw TrustError(.emptyChain, "the peer presented no certificate")
        }
        if trustedRoots.contains(leaf) {
            return [leaf]
        }
        var search = PathSearch(roots: trustedRoots, candidates: Array(presented.dropFirst()))
        if let path = search.extend([leaf], limit: Self.maximumPathCertificates) {
            return path
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
    /// A certificate whose issuer was found by name but did not verify its signature.
    var signatureFailure: Certificate?
    /// The issuer name at which the longest failed branch stopped.
    var deepestIssuer: DistinguishedName?
    private var deepestLength = 0

    init(roots: [Certificate], candidates: [Certificate]) {
        self.roots = roots
        self.candidates = candidates
    }

    /// Returns a completed path that starts with `path`, or `nil`.
    mutating func extend(_ path: [Certificate], limit: Int) -> [Certificate]? {
        guard let current = path.last, path.count <= limit else { return nil }
        // A trusted root ends the path. Try roots first, so the shortest path wins.
        if let root = issuers(of: current, among: roots).first {
            return path + [root]
        }
        if path.count > deepestLength {
            deepestLength = path.count
            deepestIssuer = current.issuer
        }
        // A self-issued certificate is its own issuer; it cannot lead anywhere new.
        guard !current.isSelfIssued else { return nil }
        let unused = candidates.filter { !path.contains($0) }
        for issuer in issuers(of: current, among: unused) {
            if let completed = extend(path + [issuer], limit: limit) {
                return completed
            }
        }
        return nil
    }

    /// The certificates of `pool` named as `certificate`'s issuer whose keys verify its signature.
    private mutating func issuers(of certificate: Certificate, among pool: [Certificate]) -> [Certificate] {
        pool.filter { candidate in
            guard candidate.subject == certificate.issuer else { return false }
            guard certificate.isSignature(verifiedBy: candidate) else {
                signatureFailure = signatureFailure ?? certificate
                return false
            }
            return true
        }
    }
}
