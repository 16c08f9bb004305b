/// An error raised by LabKit's cryptography: a rejected key, signature, password hash or
/// parameter, or a failed OpenSSL call.
///
/// Compare errors by ``code``, because the message is for people and may change wording:
///
/// ```swift
/// #expect { try VerificationKey(jwk: jwk) } throws: { ($0 as? CryptoError)?.code == .weakKey }
/// ```
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking
    /// code that switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// A key that cannot be parsed or imported, or whose parts do not form a valid key.
        public static let invalidKey = Code("invalidKey")
        /// A key type, curve or signature algorithm that the kit does not support.
        public static let unsupportedAlgorithm = Code("unsupportedAlgorithm")
        /// A signature algorithm used with a key of another type, such as RS256 with an EC key.
        public static let algorithmMismatch = Code("algorithmMismatch")
        /// A key too small to be safe, such as an RSA key under 2048 bits.
        public static let weakKey = Code("weakKey")
        /// A signature whose length or encoding is not the one its algorithm defines.
        public static let invalidSignatureEncoding = Code("invalidSignatureEncoding")
        /// A stored password hash that is not in the format that ``PasswordHash`` writes.
        public static let invalidPasswordHash = Code("invalidPasswordHash")
        /// An argument outside the range that the function accepts.
        public static let invalidParameter = Code("invalidParameter")
        /// An OpenSSL call failed; ``CryptoError/openSSLMessage`` has OpenSSL's own text.
        public static let openSSL = Code("openSSL")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for people: what failed, on which value, and what to do next.
    public var message: String
    /// OpenSSL's text for the error it queued, when an OpenSSL call failed.
    public var openSSLMessage: String?
    /// The source file and line that raised the error.
    public var fileID: String
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        openSSLMessage: String? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.openSSLMessage = openSSLMessage
        self.fileID = fileID
        self.line = line
    }

    public var description: String {
        guard let openSSLMessage else { return message }
        return "\(message) (OpenSSL: \(openSSLMessage))"
    }
}

extension CryptoError {
    /// Creates an error for a failed OpenSSL call, taking OpenSSL's message from its error queue.
    ///
    /// - Parameters:
    ///   - function: The OpenSSL function that failed, such as `EVP_DigestSignInit_ex`.
    ///   - code: The kind of failure; most failed calls are ``Code/openSSL``, but a parse
    ///     failure is better reported as ``Code/invalidKey``.
    ///   - context: What the kit was doing, when the function name alone does not make it clear.
    static func openSSL(
        _ function: String,
        code: Code = .openSSL,
        context: String? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) -> CryptoError {
        let action = context.map { "\(function) failed while \($0)" } ?? "\(function) failed"
        return CryptoError(code, action, openSSLMessage: OpenSSLError.lastMessage(), fileID: fileID, line: line)
    }
}
