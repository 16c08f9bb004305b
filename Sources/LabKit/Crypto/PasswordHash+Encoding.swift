import Foundation

// MARK: - PHC string format

extension PasswordHash: CustomStringConvertible {
    /// The stored form, such as `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`.
    ///
    /// Salt and hash are standard base64 without padding, as in the PHC string format.
    public var encoded: String {
        "$\(parameters.identifier)$\(parameters.encodedFields)$\(salt.unpaddedBase64)$\(hash.unpaddedBase64)"
    }

    public var description: String { encoded }

    /// Parses a stored hash that ``encoded`` wrote.
    ///
    /// Parsing is strict: the function name, the parameter names and their order must be
    /// the ones shown in ``encoded``, numbers are plain decimal, and every parameter must
    /// stay within the limits in ``Parameters``.
    ///
    /// - Throws: ``CryptoError/Code/invalidPasswordHash`` naming the part that is wrong.
    public init(parsing encoded: String) throws {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty else {
            throw CryptoError(
                .invalidPasswordHash,
                "stored password hash has \(fields.count - 1) $-separated fields; "
                    + "expected 4, as in $scrypt$ln=17,r=8,p=1$<salt>$<hash>")
        }
        let parameters = try Parameters(identifier: fields[1], fields: fields[2])
        let salt = try Data(unpaddedBase64: fields[3], field: "salt")
        let hash = try Data(unpaddedBase64: fields[4], field: "hash")
        try self.init(parameters: parameters, salt: salt, hash: hash)
    }
}

extension PasswordHash.Parameters {
    /// The function's name in the PHC string.
    var identifier: String {
        switch self {
        case .scrypt: "scrypt"
        case .pbkdf2SHA256: "pbkdf2-sha256"
        }
    }

    /// The comma-separated `name=value` parameters in the PHC string.
    var encodedFields: String {
        switch self {
        case .scrypt(let log2N, let r, let p): "ln=\(log2N),r=\(r),p=\(p)"
        case .pbkdf2SHA256(let iterations): "i=\(iterations)"
        }
    }

    init(identifier: Substring, fields: Substring) throws {
        switch identifier {
        case "scrypt":
            let values = try Self.decimalValues(fields, names: ["ln", "r", "p"])
            self = .scrypt(log2N: values[0], r: values[1], p: values[2])
        case "pbkdf2-sha256":
            let values = try Self.decimalValues(fields, names: ["i"])
            self = .pbkdf2SHA256(iterations: values[0])
        default:
            throw CryptoError(
                .invalidPasswordHash,
                "password hash function \"\(identifier)\" is not supported; expected scrypt or pbkdf2-sha256")
        }
        try checkLimits()
    }

    /// Reads `name=value` pairs with exactly the given names in the given order.
    private static func decimalValues(_ fields: Substring, names: [String]) throws -> [Int] {
        let pairs = fields.split(separator: ",", omittingEmptySubsequences: false)
        let expected = names.map { "\($0)=<number>" }.joined(separator: ",")
        guard pairs.count == names.count else {
            throw CryptoError(.invalidPasswordHash, "parameters \"\(fields)\" should read \(expected)")
        }
        return try zip(pairs, names).map { pair, name in
            let prefix = name + "="
            let digits = pair.dropFirst(prefix.count)
            guard pair.hasPrefix(prefix), Self.isPlainDecimal(digits), let value = Int(digits) else {
                throw CryptoError(.invalidPasswordHash, "parameter \"\(pair)\" should read \(name)=<number>")
            }
            return value
        }
    }

    /// Checks for 1 to 9 ASCII digits without a leading zero, so that no two strings
    /// encode the same number and no value overflows.
    private static func isPlainDecimal(_ digits: Substring) -> Bool {
        guard (1...9).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits == "0" || !digits.hasPrefix("0")
    }
}

extension Data {
    /// The standard base64 encoding (RFC 4648 §4) without `=` padding.
    var unpaddedBase64: String {
        base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Decodes standard base64 without padding, naming `field` in the error.
    init(unpaddedBase64 text: Substring, field: String) throws {
        let padding = String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard !text.contains("="), let data = Data(base64Encoded: text + padding) else {
            throw CryptoError(.invalidPasswordHash, "\(field) \"\(text)\" is not base64 without padding")
        }
        self = data
    }
}
