import Foundation
public import LabKit

/// Validates a peer's certificate chain against trusted roots, as RFC 5280 §6 describes:
/// build a path to a root, then check every signature, validity period, CA constraint and
/// usage along it.
///
/// It checks the chain only, not the name: a valid certificate for `evil.example` passes.
/// ``StandardTrustStrategy`` adds the host name check (Part 3).
public struct ChainValidator: TrustStrategy {
    /// The trust anchors: self-signed root CA certificates.
    public let trustedRoots: [Certificate]
    /// The role of the peer whose chain is validated.
    public let role: PeerRole
    /// The source of the verification time.
    public let clock: any WallClock

    /// The maximum number of certificates in a path, the leaf and the trusted root included.
    ///
    /// A path has at most 8 intermediates. Path building does not explore longer paths.
    public static let maximumPathCertificates = 10

    /// The maximum number of signature checks that one ``buildPath(for:)`` performs, trusted
    /// roots and presented candidates together, so that a peer cannot make the search try
    /// every ordering of its certificates.
    public static let maximumSignatureChecks = 100

    public init(trustedRoots: [Certificate], role: PeerRole, clock: any WallClock) {
        self.trustedRoots = trustedRoots
        self.role = role
        self.clock = clock
    }

    /// Builds a path, then runs every check on it, and returns the path.
    ///
    /// 1. ``buildPath(for:)``.
    /// 2. Reject any certificate of the path with an unhandled critical extension
    ///    (``TrustError/Code/unhandledCriticalExtension``, RFC 5280 §4.2).
    /// 3. ``checkValidity(of:)``, ``checkCertificateAuthorities(of:)`` and ``checkUsage(of:)``.
    ///
    /// The presented ``PresentedChain/expectedName`` is ignored.
    ///
    /// - Returns: The validated path, leaf first and trusted root last.
    /// - Throws: ``TrustError`` from the first check that fails.
    public func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        // TODO: Part 2 — buildPath, reject unhandled critical extensions, then checkValidity,
        // checkCertificateAuthorities and checkUsage; return the path.
        throw LabKitError.notImplemented("validate a chain", part: 2, in: "ChainValidator")
    }
}
