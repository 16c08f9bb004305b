import Foundation

/// The reason a trust strategy rejected the certificates a peer presented.
///
/// Tests compare errors on ``code`` only, so the message can name the certificate and the
/// bad value freely. A TLS handshake that fails on this error reports its ``description``.
public struct TrustError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A kind of rejection, as an extensible set of names.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The peer presented no certificate at all.
        public static let emptyChain = Code("emptyChain")
        /// The peer's certificate is self-signed and is not itself a trusted root.
        public static let selfSigned = Code("selfSigned")
        /// No path leads from the peer's certificate to a trusted root: an intermediate is
        /// missing, or the issuing CA is not trusted.
        public static let unknownIssuer = Code("unknownIssuer")
        /// A certificate names an issuer that was found, but the issuer's key does not verify
        /// its signature.
        public static let invalidSignature = Code("invalidSignature")
        /// A certificate's `notAfter` is before the verification time.
        public static let expired = Code("expired")
        /// A certificate's `notBefore` is after the verification time.
        public static let notYetValid = Code("notYetValid")
        /// A certificate that issued another is not a CA: no basic constraints with `cA`
        /// set, or a key usage without `keyCertSign`.
        public static let notCertificateAuthority = Code("notCertificateAuthority")
        /// A CA's `pathLenConstraint` allows fewer intermediate CAs than follow it.
        public static let pathLengthExceeded = Code("pathLengthExceeded")
        /// The peer's key usage or extended key usage does not allow the TLS role it plays.
        public static let usageNotAllowed = Code("usageNotAllowed")
        /// Path building gave up before it found a path.
        ///
        /// It reached ``ChainValidator/maximumSignatureChecks`` signature checks, or every
        /// remaining path would be longer than ``ChainValidator/maximumPathCertificates``. A
        /// peer can present certificates that make the search try many paths, so the search
        /// is bounded.
        public static let pathSearchLimitExceeded = Code("pathSearchLimitExceeded")
        /// A certificate carries a critical extension that the verifier does not process.
        public static let unhandledCriticalExtension = Code("unhandledCriticalExtension")
        /// The peer's certificate is not valid for the host name or IP address the client dialed.
        public static let hostNameMismatch = Code("hostNameMismatch")
        /// No public key in the validated path has one of the pinned SHA-256 hashes.
        public static let pinMismatch = Code("pinMismatch")
        /// A client certificate carries no single valid SPIFFE ID in the cluster's trust domain.
        public static let invalidIdentity = Code("invalidIdentity")
    }

    /// The kind of rejection.
    public var code: Code
    /// A description of the rejection that names the certificate and the reason.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: TrustError, rhs: TrustError) -> Bool {
        lhs.code == rhs.code
    }
}
