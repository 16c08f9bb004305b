/// An error raised while parsing, building or checking an X.509 certificate.
///
/// Compare errors by ``code``, because the message is for people and may change wording.
public struct CertificateError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking
    /// code that switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// Bytes or text that are not a well-formed DER or PEM certificate.
        public static let invalidCertificate = Code("invalidCertificate")
        /// A builder setting that cannot go into a certificate, such as an empty name.
        public static let invalidParameter = Code("invalidParameter")
        /// An OpenSSL call failed; ``CertificateError/openSSLMessage`` has OpenSSL's own text.
        public static let openSSL = Code("openSSL")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for people: what failed, on which value, and what to do next.
    public var message: String
    /// OpenSSL's text for the error it queued, when an OpenSSL call failed.
    public var openSSLMessage: String?

    public init(_ code: Code, _ message: String, openSSLMessage: String? = nil) {
        self.code = code
        self.message = message
        self.openSSLMessage = openSSLMessage
    }

    public var description: String {
        guard let openSSLMessage else { return message }
        return "\(message) (OpenSSL: \(openSSLMessage))"
    }

    /// Creates an error for a failed OpenSSL call, taking OpenSSL's message from its error queue.
    static func openSSL(_ function: String, code: Code = .openSSL, context: String? = nil) -> CertificateError {
        let action = context.map { "\(function) failed while \($0)" } ?? "\(function) failed"
        return CertificateError(code, action, openSSLMessage: OpenSSLError.lastMessage())
    }
}
