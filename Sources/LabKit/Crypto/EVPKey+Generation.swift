import COpenSSL

extension EVPKey {
    /// Generates a new key pair of `keyType`.
    ///
    /// - Throws: ``CryptoError/Code/weakKey`` for an RSA size under 2048 bits, and
    ///   ``CryptoError/Code/openSSL`` when OpenSSL fails.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_keygen(3)`, `EVP_PKEY_CTX_set_rsa_keygen_bits(3)`,
    /// `EVP_PKEY_CTX_set_group_name(3)`.
    static func generating(_ keyType: KeyType) throws -> EVPKey {
        try keyType.checkStrength()
        let context = try makeGenerationContext(openSSLType(of: keyType))
        defer { EVP_PKEY_CTX_free(context) }

        switch keyType {
        case .rsa(let bits):
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1 else {
                throw CryptoError.openSSL("EVP_PKEY_CTX_set_rsa_keygen_bits")
            }
        case .ecP256, .ecP384:
            let group = keyType == .ecP256 ? "P-256" : "P-384"
            guard EVP_PKEY_CTX_set_group_name(context, group) == 1 else {
                throw CryptoError.openSSL("EVP_PKEY_CTX_set_group_name")
            }
        case .ed25519:
            break
        }

        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw CryptoError.openSSL("EVP_PKEY_generate", context: "generating an \(keyType) key")
        }
        return EVPKey(taking: key)
    }

    private static func openSSLType(of keyType: KeyType) -> String {
        switch keyType {
        case .rsa: "RSA"
        case .ecP256, .ecP384: "EC"
        case .ed25519: "ED25519"
        }
    }

    private static func makeGenerationContext(_ openSSLType: String) throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, openSSLType, nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_name", context: "looking up key type \(openSSLType)")
        }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            EVP_PKEY_CTX_free(context)
            throw CryptoError.openSSL("EVP_PKEY_keygen_init")
        }
        return context
    }
}
