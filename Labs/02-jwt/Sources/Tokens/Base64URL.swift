public import Foundation
import LabKit

/// The base64url encoding without padding that JWS uses (RFC 7515 §2, RFC 4648 §5).
public enum Base64URL {
    /// Encodes bytes as base64url with no `=` padding.
    public static func encode(_ data: some DataProtocol) -> String {
        // TODO: Part 1 — encode with the URL-safe alphabet (- and _) and drop the = padding.
        // Until then, this placeholder names the missing function in every test that uses it.
        return "<\(LabKitError.notImplemented("encode base64url", part: 1, in: "Base64URL").message)>"
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
        // TODO: Part 1 — accept only the base64url alphabet, no padding and no 1-mod-4 length,
        // decode, and reject text that does not re-encode to itself (non-zero unused bits).
        throw LabKitError.notImplemented("decode strict base64url", part: 1, in: "Base64URL")
    }
}
