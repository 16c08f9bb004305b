import COpenSSL
public import Foundation

/// A public key that checks JWS signatures: RSA, ECDSA on P-256 or P-384, or Ed25519.
///
/// Load it from PEM or from a JWK that an issuer publishes, or take a
/// ``SigningKey/verificationKey``. A verification key contains no private material,
/// so its PEM and JWK forms are safe to publish.
///
/// Every way of building a key rejects RSA keys under 2048 bits with ``CryptoError/Code/weakKey``.
public struct VerificationKey: Sendable {
    let key: EVPKey
    /// The key's type and, for RSA, its size.
    public let keyType: KeyType

    init(checking key: EVPKey) throws {
        self.key = key
        self.keyType = try key.checkedKeyType()
    }

    /// Loads a public key from PEM text.
    ///
    /// Accepts SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`), as `openssl pkey -pubout` writes,
    /// and traditional RSA (`BEGIN RSA PUBLIC KEY`) blocks. A private key block is rejected:
    /// load it with ``SigningKey/init(pemRepresentation:)`` and take its ``SigningKey/verificationKey``.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for text that is not such a block,
    ///   ``CryptoError/Code/unsupportedAlgorithm`` for other key types and curves, and
    ///   ``CryptoError/Code/weakKey`` for RSA under 2048 bits.
    ///
    /// Related OpenSSL documentation: `OSSL_DECODER_from_data(3)`.
    public init(pemRepresentation pem: String) throws {
        try self.init(checking: EVPKey.decodingPublicKey(pem: pem))
    }

    /// Loads a public key from a JWK (RFC 7517, RFC 7518 §6, RFC 8037 §2).
    ///
    /// A JWK with private members is rejected rather than stripped, because a private key
    /// where a public one was expected usually means it was published by mistake.
    /// OpenSSL checks the public members, for EC that the point is on the curve.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for private, missing or malformed members,
    ///   ``CryptoError/Code/unsupportedAlgorithm`` for other key types and curves, and
    ///   ``CryptoError/Code/weakKey`` for RSA under 2048 bits.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_fromdata(3)`, `EVP_PKEY_public_check(3)`.
    public init(jwk: JSONWebKey) throws {
        guard !jwk.containsPrivateMembers else {
            throw CryptoError(
                .invalidKey,
                "JWK contains private members (d, p, q, dp, dq or qi); a verification key takes public members "
                    + "only, so load it with SigningKey(jwk:) and use its verificationKey")
        }
        try self.init(checking: EVPKey.importing(jwk, includingPrivate: false))
    }

    /// The key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    ///
    /// Related OpenSSL documentation: `PEM_write_bio_PUBKEY(3)`.
    public var pemRepresentation: String {
        get throws { try key.publicKeyPEM() }
    }

    /// The key as a JWK with public members only, ready to publish in a JWK Set.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_get_bn_param(3)`.
    public var jwk: JSONWebKey {
        get throws { try key.jwk(keyType: keyType, includingPrivate: false) }
    }

    /// Checks that `signature` is a valid signature of `message` under this key with `algorithm`.
    ///
    /// A signature of the right form that does not match returns `false`. A signature of
    /// the wrong form throws, so a caller that rejects a token on any error is safe. The
    /// form checks come from the standards:
    ///
    /// - RSA: the signature is exactly as long as the modulus (RFC 8017 §8.2.2 step 1).
    /// - ECDSA: the signature is `R ‖ S` of 64 bytes for ES256 or 96 for ES384 (RFC 7518 §3.4),
    ///   and `r` and `s` are both in `1 ..< n` for the curve order `n`.
    /// - EdDSA: the signature is 64 bytes (RFC 8032 §5.1.7).
    ///
    /// ECDSA signatures are malleable: if `(r, s)` verifies, so does `(r, n − s)`, and this
    /// method accepts both, as RFC 7518 does. Never identify a token by its signature bytes.
    ///
    /// - Parameters:
    ///   - signature: The signature in its JWS form, base64url-decoded.
    ///   - message: The signed bytes; for a JWS, the ASCII of `header.payload`.
    ///   - algorithm: The algorithm, which must fit ``keyType``.
    /// - Throws: ``CryptoError/Code/algorithmMismatch`` when `algorithm` does not fit the key,
    ///   and ``CryptoError/Code/invalidSignatureEncoding`` for a signature of the wrong form.
    ///
    /// Related OpenSSL documentation: `EVP_DigestVerify(3)`.
    public func isValidSignature(
        _ signature: some DataProtocol,
        for message: some DataProtocol,
        using algorithm: SignatureAlgorithm
    ) throws -> Bool {
        try algorithm.checkCompatible(with: keyType)
        let encoded = try openSSLEncoding(of: Data(signature), algorithm: algorithm)
        return try key.digestVerify(encoded, message: Data(message), digestName: algorithm.digestName)
    }

    /// Checks the signature's form and converts it to the encoding OpenSSL verifies.
    private func openSSLEncoding(of signature: Data, algorithm: SignatureAlgorithm) throws -> Data {
        switch algorithm {
        case .es256, .es384:
            return try ECDSASignatureEncoding.derSignature(fromRaw: signature, keyType: keyType)
        case .rs256, .rs384, .rs512:
            try checkLength(of: signature, expected: Int(EVP_PKEY_get_size(key.pointer)), standard: "RFC 8017 §8.2.2")
            return signature
        case .edDSA:
            try checkLength(of: signature, expected: 64, standard: "RFC 8032 §5.1.7")
            return signature
        }
    }

    private func checkLength(of signature: Data, expected: Int, standard: String) throws {
        guard signature.count == expected else {
            throw CryptoError(
                .invalidSignatureEncoding,
                "\(keyType) signature is \(signature.count) bytes; this key's signatures are \(expected) bytes (\(standard))"
            )
        }
    }
}
