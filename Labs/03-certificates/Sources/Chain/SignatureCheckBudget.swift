public import LabKit

/// A count of the signature checks one path search performs, with a limit.
///
/// A peer chooses the certificates it presents, so it can send many CA certificates with
/// the same name and key, each of which verifies every other. A depth-first search then
/// tries every ordering of them, which takes factorial time. Routing every signature check
/// of ``ChainValidator/buildPath(for:budget:)`` through this budget bounds the work,
/// whatever the peer sends. Go's `crypto/x509` uses the same bound (`maxChainSignatureChecks`,
/// 100 calls of `CheckSignatureFrom` per verification).
public struct SignatureCheckBudget: Sendable {
    /// The maximum number of signature checks.
    public let limit: Int
    /// The number of signature checks performed so far.
    public private(set) var checksPerformed = 0

    public init(limit: Int) {
        self.limit = limit
    }

    /// Checks whether `issuer`'s public key verifies `certificate`'s signature, and counts the check.
    ///
    /// - Throws: ``TrustError/Code/pathSearchLimitExceeded`` when ``limit`` checks were
    ///   already performed; the check is then not performed.
    public mutating func isSignature(of certificate: Certificate, verifiedBy issuer: Certificate) throws -> Bool {
        guard checksPerformed < limit else {
            throw TrustError(
                .pathSearchLimitExceeded,
                "path building gave up after \(limit) signature checks while looking for an issuer of "
                    + "\(certificate.subject); the peer presented too many candidate issuers")
        }
        checksPerformed += 1
        return certificate.isSignature(verifiedBy: issuer)
    }
}
