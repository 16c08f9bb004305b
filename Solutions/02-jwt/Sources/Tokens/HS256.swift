public import Foundation
import LabKit

/// HMAC-SHA-256 signing and verification of compact tokens (RFC 7518 §3.2).
public enum HS256 {
    /// Signs header and payload bytes with a shared secret and returns the compact token.
    ///
    /// The signature is the HMAC-SHA-256 of the ASCII signing input
    /// `BASE64URL(header) "." BASE64URL(payload)` under `secret`.
    public static func sign(header: Data, payload: Data, secret: Data) -> String {
        let signingInput = "\(Base64URL.encode(header)).\(Base64URL.encode(payload))"
        let signature = HMAC.authenticationCode(for: Data(signingInput.utf8), key: secret, digest: .sha256)
        return "\(signingInput).\(Base64URL.encode(signature))"
    }

    /// Parses a token and checks its HS256 signature.
    ///
    /// - Returns: The parsed token, only when its header says `HS256` and the signature matches,
    ///   compared in constant time.
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed`` from parsing,
    ///   ``JWTError/Code/algorithmMismatch`` for any other `alg`, and
    ///   ``JWTError/Code/invalidSignature`` when the signature does not match.
    public static func verify(_ token: String, secret: Data) throws -> CompactJWS {
        let jws = try CompactJWS(parsing: token)
        guard jws.header.alg == "HS256" else {
            throw JWTError(.algorithmMismatch, "expected alg HS256, found \(jws.header.alg)")
        }
        // isValidAuthenticationCode compares in constant time, so response timing does not
        // tell an attacker how many leading bytes of a forged signature were right.
        guard HMAC.isValidAuthenticationCode(jws.signature, for: jws.signingInput, key: secret, digest: .sha256) else {
            throw JWTError(.invalidSignature, "the HS256 signature does not match")
        }
        return jws
    }
}
