public import Foundation

/// A private key that makes JWS signatures: RSA, ECDSA on P-256 or P-384, or Ed25519.
///
/// Generate a key, or load one from PEM or a JWK; then sign and publish the matching
/// ``verificationKey``:
///
/// ```swift
/// let key = try SigningKey.generate(.ecP256)
/// let signature = try key.signature(for: Data(signingInput.utf8), using: .es256)
/// let published = try key.verificationKey.jwk
/// ```
///
/// Every way of building a key rejects RSA keys under 2048 bits with ``CryptoError/Code/weakKey``.
/// The OpenSSL key is never modified after it is built, so one value can sign on many
/// tasks at once.
public struct SigningKey: Sendable {
    let key: EVPKey
    /// The key's type and, for RSA, its size.
    public let keyType: KeyType
    /// The public half of this key, for checking the signatures it makes.
    public let verificationKey: VerificationKey

    private init(checking key: EVPKey) throws {
        self.key = key
        self.keyType = try key.checkedKeyType()
        self.verificationKey = try VerificationKey(checking: try key.publicKey())
    }

    /// Generates a new random key of `keyType`, such as `.rsa(bits: 2048)` or `.ed25519`.
    ///
    /// - Throws: ``CryptoError/Code/weakKey`` for RSA under 2048 bits, and
    ///   ``CryptoError/Code/openSSL`` when OpenSSL fails.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_generate(3)`.
    public static func generate(_ keyType: KeyType) throws -> SigningKey {
        try SigningKey(checking: EVPKey.generating(keyType))
    }

    /// Loads an unencrypted private key from PEM text.
    ///
    /// Accepts PKCS#8 (`BEGIN PRIVATE KEY`), traditional RSA (`BEGIN RSA PRIVATE KEY`) and
    /// traditional EC (`BEGIN EC PRIVATE KEY`) blocks, as `openssl genpkey` and older tools write.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for text that is not such a block or is
    ///   encrypted, ``CryptoError/Code/unsupportedAlgorithm`` for other key types and curves,
    ///   and ``CryptoError/Code/weakKey`` for RSA under 2048 bits.
    ///
    /// Related OpenSSL documentation: `OSSL_DECODER_from_data(3)`.
    public init(pemRepresentation pem: String) throws {
        try self.init(checking: EVPKey.decodingPrivateKey(pem: pem))
    }

    /// Loads a private key from a JWK with its private members (RFC 7517, RFC 7518 §6, RFC 8037 §2).
    ///
    /// An RSA JWK may omit all of the CRT members `p`, `q`, `dp`, `dq` and `qi`, but not
    /// some of them. OpenSSL checks that the private and public members belong together.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for missing, malformed or inconsistent
    ///   members, ``CryptoError/Code/unsupportedAlgorithm`` for other key types and curves,
    ///   and ``CryptoError/Code/weakKey`` for RSA under 2048 bits.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_fromdata(3)`, `EVP_PKEY_pairwise_check(3)`.
    public init(jwk: JSONWebKey) throws {
        try self.init(checking: EVPKey.importing(jwk, includingPrivate: true))
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// This text is the secret itself: keep it out of logs, source control and responses.
    ///
    /// NOTE: Swift cannot reliably zero a `String` or `Data`, so the exported text, and the
    /// memory BIO it was copied from, stay in freed memory until it is reused.
    ///
    /// Related OpenSSL documentation: `PEM_write_bio_PrivateKey(3)`.
    public var pemRepresentation: String {
        get throws { try key.privateKeyPEM() }
    }

    /// The key as a JWK with its private members; publish ``verificationKey``'s JWK instead.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_get_bn_param(3)`.
    public var jwk: JSONWebKey {
        get throws { try key.jwk(keyType: keyType, includingPrivate: true) }
    }

    /// Signs `message` with `algorithm` and returns the signature in its JWS form.
    ///
    /// RSA signatures are PKCS#1 v1.5 and as long as the modulus; ECDSA signatures are the
    /// 64-byte (P-256) or 96-byte (P-384) `R ‖ S` of RFC 7518 §3.4, not DER; Ed25519
    /// signatures are 64 bytes (RFC 8032 §5.1.6). ECDSA signatures differ on every call
    /// because each uses a new random nonce.
    ///
    /// - Parameters:
    ///   - message: The bytes to sign; for a JWS, the ASCII of `header.payload`.
    ///   - algorithm: The algorithm, which must fit ``keyType``.
    /// - Throws: ``CryptoError/Code/algorithmMismatch`` when `algorithm` does not fit the key,
    ///   and ``CryptoError/Code/openSSL`` when OpenSSL fails.
    ///
    /// Related OpenSSL documentation: `EVP_DigestSign(3)`.
    public func signature(for message: some DataProtocol, using algorithm: SignatureAlgorithm) throws -> Data {
        try algorithm.checkCompatible(with: keyType)
        let signature = try key.digestSign(Data(message), digestName: algorithm.digestName)
        switch algorithm {
        case .es256, .es384:
            return try ECDSASignatureEncoding.rawSignature(fromDER: signature, keyType: keyType)
        case .rs256, .rs384, .rs512, .edDSA:
            return signature
        }
    }
}
