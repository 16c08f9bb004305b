public import Foundation

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
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw JWTError(.malformed, "a compact JWS has 3 segments; this token has \(segments.count)")
        }
        let headerBytes = try Base64URL.decode(String(segments[0]))
        do {
            header = try JSONDecoder().decode(JWTHeader.self, from: headerBytes)
        } catch {
            throw JWTError(.malformed, "the JOSE header is not a JSON object with a string alg")
        }
        payload = try Base64URL.decode(String(segments[1]))
        signature = try Base64URL.decode(String(segments[2]))
        signingInput = Data("\(segments[0]).\(segments[1])".utf8)
    }

    /// Decodes the payload as a JWT claims set.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed`` when the payload is not a
    ///   JSON object of claims with the types RFC 7519 §4.1 gives them.
    public func claims() throws -> JWTClaims {
        do {
            return try JSONDecoder().decode(JWTClaims.self, from: payload)
        } catch {
            throw JWTError(.malformed, "the payload is not a JSON claims set")
        }
    }

    /// Joins already encoded header and payload bytes and a signature into a compact token.
    ///
    /// The header and payload are passed as bytes, not as values, so that a signer can
    /// reproduce a published token exactly, whitespace and member order included.
    public static func serialize(header: Data, payload: Data, signature: Data) -> String {
        "\(Base64URL.encode(header)).\(Base64URL.encode(payload)).\(Base64URL.encode(signature))"
    }
}
