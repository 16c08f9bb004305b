public import Foundation

/// The base64url encoding without padding that JWS uses (RFC 7515 §2, RFC 4648 §5).
public enum Base64URL {
    /// Encodes bytes as base64url with no `=` padding.
    public static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes strict base64url text without padding.
    ///
    /// - Only `A–Z`, `a–z`, `0–9`, `-` and `_` are accepted: padding (`=`), whitespace and the
    ///   standard alphabet's `+` and `/` are rejected (RFC 7515 §2).
    /// - The encoding must be canonical: a length of 1 modulo 4, or unused low bits that are
    ///   not zero, is rejected, so every byte string has exactly one accepted text and an
    ///   attacker cannot re-encode a signature into a different token.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed``.
    public static func decode(_ text: String) throws -> Data {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard text.allSatisfy({ alphabet.contains($0) }), text.count % 4 != 1 else {
            throw JWTError(.malformed, "\"\(text.prefix(16))…\" is not unpadded base64url")
        }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        // Re-encoding must give back the input; otherwise the unused low bits were not zero.
        guard let data = Data(base64Encoded: standard), encode(data) == text else {
            throw JWTError(.malformed, "\"\(text.prefix(16))…\" is not canonical base64url")
        }
        return data
    }
}
