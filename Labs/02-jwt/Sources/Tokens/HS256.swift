public import Foundation
import LabKit

/// HMAC-SHA-256 signing and verification of compact tokens (RFC 7518 §3.2).
public enum HS256 {
    /// Signs header and payload bytes with a shared secret and returns the compact token.
    ///
    /// The signature is the HMAC-SHA-256 of the ASCII signing input
    /// `BASE64URL(header) "." BASE64URL(payload)` under `secret`.
    public static func sign(header: Data, payload: Data, secret: Data) -> String {
        // TODO: Part 1 — HMAC-SHA-256 over the ASCII signing input, then serialize.
        // Until then, this placeholder names the missing function in every test that uses it.
        return "<\(LabKitError.notImplemented("sign an HS256 token", part: 1, in: "HS256").message)>"
    }

    /// Parses a token and checks its HS256 signature.
    ///
    /// - Returns: The parsed token, only when its header says `HS256` and the signature matches,
    ///   compared in constant time.
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed`` from parsing,
    ///   ``JWTError/Code/algorithmMismatch`` for any other `alg`, and
    ///   ``JWTError/Code/invalidSignature`` when the signature does not match.
    public static func verify(_ token: String, secret: Data) throws -> CompactJWS {
        // TODO: Part 1 — parse, require alg HS256, and compare the HMAC in constant time.
        throw LabKitError.notImplemented("verify an HS256 token", part: 1, in: "HS256")
    }
}
