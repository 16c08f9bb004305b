public import Foundation
import LabKit

/// A token in JWS compact serialization, split and decoded but not yet verified
/// (RFC 7515 §7.1).
public struct CompactJWS: Sendable {
    /// The decoded JOSE header.
    public let header: JWTHeader
    /// The decoded payload bytes.
    public let payload: Data
    /// The decoded signature bytes.
    public let signature: Data
    /// The ASCII bytes of `BASE64URL(header) "." BASE64URL(payload)`, which the signature covers.
    public let signingInput: Data

    /// Splits a compact token and decodes its three parts.
    ///
    /// The token must have exactly three segments separated by `.`, each strict base64url
    /// (``Base64URL/decode(_:)``), and the header must be a JSON object with a string `alg`.
    /// The payload is not parsed here, because a JWS may sign any bytes.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed``.
    public init(parsing token: String) throws {
        // TODO: Part 1 — split into exactly three segments, decode each with Base64URL.decode,
        // decode the header as JWTHeader, and keep the first two segments as the signing input.
        throw LabKitError.notImplemented("parse a compact JWS", part: 1, in: "CompactJWS")
    }

    /// Decodes the payload as a JWT claims set.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed`` when the payload is not a
    ///   JSON object of claims with the types RFC 7519 §4.1 gives them.
    public func claims() throws -> JWTClaims {
        // TODO: Part 1 — decode payload as JWTClaims, throwing JWTError(.malformed, …) on failure.
        throw LabKitError.notImplemented("decode the claims set", part: 1, in: "CompactJWS")
    }

    /// Joins already encoded header and payload bytes and a signature into a compact token.
    ///
    /// The header and payload are passed as bytes, not as values, so that a signer can
    /// reproduce a published token exactly, whitespace and member order included.
    public static func serialize(header: Data, payload: Data, signature: Data) -> String {
        // TODO: Part 1 — join the three base64url segments with ".".
        // Until then, this placeholder names the missing function in every test that uses it.
        return "<\(LabKitError.notImplemented("serialize a compact JWS", part: 1, in: "CompactJWS").message)>"
    }
}
