/// An error raised while setting up or running a TLS connection: an invalid configuration,
/// a failed handshake, a rejected certificate, or an alert from the peer.
///
/// Compare errors by ``code``, because the message is for people and may change wording:
///
/// ```swift
/// #expect { try await TLSStream.connect(to: address, serverName: "localhost", configuration: client) } throws: {
///     ($0 as? TLSError)?.code == .certificateRejected
/// }
/// ```
///
/// Socket failures under TLS (a timeout, a reset) stay `LabKitError`s with the codes of
/// plain connections, so that callers such as ``HTTPServer`` treat both alike.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking
    /// code that switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// A configuration that cannot be used: unreadable PEM, a key that does not match
        /// the certificate, a version range that is empty, or a missing setting.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// This side rejected the peer's certificate chain, either through the configured
        /// ``TLSPeerVerifier`` or through OpenSSL's verification; ``TLSError/reason`` gives the reason.
        public static let certificateRejected = Code("certificateRejected")
        /// The peer ended the handshake or the connection with a TLS alert, such as
        /// `bad_certificate` (42) when it rejected this side's certificate;
        /// ``TLSError/alert`` has the alert's number.
        public static let alertReceived = Code("alertReceived")
        /// A server that requires a client certificate received none.
        public static let certificateRequired = Code("certificateRequired")
        /// The peer sent bytes that are not TLS records, such as a plain HTTP request.
        public static let notTLS = Code("notTLS")
        /// The peer closed the TCP connection before the handshake completed.
        public static let closedDuringHandshake = Code("closedDuringHandshake")
        /// The handshake failed for another reason, such as no TLS version or cipher
        /// suite that both sides accept.
        public static let handshakeFailed = Code("handshakeFailed")
        /// A record after the handshake could not be processed, for example because it
        /// failed its integrity check.
        public static let protocolError = Code("protocolError")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for people: what failed, with which peer, and what to do next.
    public var message: String
    /// The reason a certificate was rejected: the ``TLSVerificationDecision/reject(reason:)``
    /// text of a verifier, or OpenSSL's verification error (such as "unable to get local
    /// issuer certificate").
    public var reason: String?
    /// The number of the TLS alert the peer sent (RFC 8446 §6), for ``Code/alertReceived``.
    public var alert: UInt8?
    /// OpenSSL's text for the error it queued, when there was one.
    public var openSSLMessage: String?
    /// The source file and line that raised the error.
    public var fileID: String
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        reason: String? = nil,
        alert: UInt8? = nil,
        openSSLMessage: String? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.reason = reason
        self.alert = alert
        self.openSSLMessage = openSSLMessage
        self.fileID = fileID
        self.line = line
    }

    public var description: String {
        guard let openSSLMessage else { return message }
        return "\(message) (OpenSSL: \(openSSLMessage))"
    }
}
