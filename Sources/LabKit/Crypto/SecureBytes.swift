import COpenSSL
public import Foundation

/// Operations on secret bytes: generation, comparison and encoding.
public enum SecureBytes {
    /// Returns `count` bytes from OpenSSL's cryptographically secure generator.
    ///
    /// Related OpenSSL documentation: `RAND_bytes(3)`.
    public static func random(count: Int) -> Data {
        precondition(count >= 0, "cannot generate a negative number of bytes")
        var bytes = [UInt8](repeating: 0, count: count)
        let status = RAND_bytes(&bytes, Int32(count))
        // RAND_bytes fails only when the generator cannot be seeded; continuing would
        // hand out predictable secrets, so stopping is the only safe choice.
        precondition(status == 1, "RAND_bytes failed: \(OpenSSLError.lastMessage())")
        return Data(bytes)
    }

    /// Compares two byte strings in time that depends only on their lengths, never on
    /// where they first differ, so that response timing cannot reveal a secret byte by byte.
    ///
    /// Related OpenSSL documentation: `CRYPTO_memcmp(3)`.
    public static func constantTimeEquals(_ lhs: some DataProtocol, _ rhs: some DataProtocol) -> Bool {
        let left = Array(lhs)
        let right = Array(rhs)
        guard left.count == right.count else { return false }
        if left.isEmpty { return true }
        return left.withUnsafeBytes { a in
            right.withUnsafeBytes { b in
                CRYPTO_memcmp(a.baseAddress, b.baseAddress, left.count) == 0
            }
        }
    }
}

extension Data {
    /// The base64url encoding without padding (RFC 4648 §5), as JWTs and API keys use.
    public var base64URLEncodedString: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lowercase hexadecimal digits, two per byte.
    public var hexString: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}

extension Data {
    /// Decodes base64url without padding (RFC 4648 §5), as JWS and JWK use.
    ///
    /// Returns `nil` for padding, for any character outside `A–Z a–z 0–9 - _`, and for a
    /// length that no byte string encodes to.
    public init?(base64URLEncoded text: String) {
        let isBase64URL = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
        guard isBase64URL, text.count % 4 != 1 else { return nil }
        let padding = String(repeating: "=", count: (4 - text.count % 4) % 4)
        let base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + padding
        self.init(base64Encoded: base64)
    }
}
