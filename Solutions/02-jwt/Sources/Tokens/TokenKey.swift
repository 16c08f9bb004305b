public import Foundation
public import LabKit

/// A key that verifies tokens, together with the one algorithm it is used with.
///
/// The key decides the algorithm. A verifier compares the token's `alg` with ``algorithm``
/// and never picks an algorithm from the token, which is what stops `alg: none` and key
/// confusion (RFC 8725 §3.1).
public enum TokenKey: Sendable {
    /// A shared secret for HS256.
    case hmacSHA256(secret: Data)
    /// A public key with its asymmetric algorithm.
    case publicKey(VerificationKey, SignatureAlgorithm)

    /// The `alg` value that tokens verified with this key must carry.
    public var algorithm: String {
        switch self {
        case .hmacSHA256: "HS256"
        case .publicKey(_, let algorithm): algorithm.rawValue
        }
    }

    /// Creates a key from a published JWK, taking the algorithm from its `alg` member.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/unknownKey`` when the JWK has no `alg`
    ///   or names an algorithm that LabKit does not implement, and `CryptoError` when the
    ///   key itself is invalid.
    public init(jwk: JSONWebKey) throws {
        guard let name = jwk.alg, let algorithm = SignatureAlgorithm(rawValue: name) else {
            throw JWTError(.unknownKey, "JWK \(jwk.kid ?? "without kid") names no supported alg")
        }
        self = .publicKey(try VerificationKey(jwk: jwk), algorithm)
    }
}
