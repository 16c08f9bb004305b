/// A JWS digital signature algorithm, named by its `alg` value (RFC 7518 §3.1, RFC 8037 §3.1).
///
/// Each algorithm works with one key type only, and signing or verifying with another
/// throws ``CryptoError/Code/algorithmMismatch``. That check is what stops a token from
/// choosing an algorithm that the server's key was never meant for.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    case rs256 = "RS256"
    /// RSASSA-PKCS1-v1_5 with SHA-384 (RFC 7518 §3.3).
    case rs384 = "RS384"
    /// RSASSA-PKCS1-v1_5 with SHA-512 (RFC 7518 §3.3).
    case rs512 = "RS512"
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4).
    case es256 = "ES256"
    /// ECDSA on P-384 with SHA-384 (RFC 7518 §3.4).
    case es384 = "ES384"
    /// EdDSA with Ed25519 (RFC 8037 §3.1).
    case edDSA = "EdDSA"

    /// The digest that OpenSSL applies before signing, or `nil` for EdDSA, which hashes internally.
    var digestName: String? {
        switch self {
        case .rs256, .es256: "SHA256"
        case .rs384, .es384: "SHA384"
        case .rs512: "SHA512"
        case .edDSA: nil
        }
    }

    /// Checks that `keyType` is the key type this algorithm is defined for.
    func checkCompatible(with keyType: KeyType) throws {
        let compatible =
            switch (self, keyType) {
            case (.rs256, .rsa), (.rs384, .rsa), (.rs512, .rsa): true
            case (.es256, .ecP256), (.es384, .ecP384), (.edDSA, .ed25519): true
            default: false
            }
        guard compatible else {
            throw CryptoError(
                .algorithmMismatch,
                "\(rawValue) cannot be used with an \(keyType) key; \(rawValue) needs \(requiredKeyDescription)")
        }
    }

    private var requiredKeyDescription: String {
        switch self {
        case .rs256, .rs384, .rs512: "an RSA key"
        case .es256: "an EC P-256 key"
        case .es384: "an EC P-384 key"
        case .edDSA: "an Ed25519 key"
        }
    }
}
