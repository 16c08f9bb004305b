import COpenSSL
import Foundation

extension EVPKey {
    /// The PEM labels of the private key formats that ``decodingPrivateKey(pem:)`` reads:
    /// PKCS#8 (RFC 5208), and the traditional RSA (RFC 8017 appendix A.1.2) and EC
    /// (RFC 5915) formats.
    static let privateKeyLabels: Set = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]
    /// The PEM labels of the public key formats that ``decodingPublicKey(pem:)`` reads:
    /// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and the traditional RSA format (RFC 8017 appendix A.1.1).
    static let publicKeyLabels: Set = ["PUBLIC KEY", "RSA PUBLIC KEY"]

    /// Reads an unencrypted private key from PEM text.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for text that is not a PEM private key,
    ///   for an encrypted key, and for a key that OpenSSL cannot decode.
    ///
    /// Related OpenSSL documentation: `OSSL_DECODER_CTX_new_for_pkey(3)`.
    static func decodingPrivateKey(pem: String) throws -> EVPKey {
        let label = try pemLabel(of: pem)
        if label == "ENCRYPTED PRIVATE KEY" || pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw CryptoError(
                .invalidKey,
                "PEM private key is encrypted, which the kit does not read; decrypt it first with "
                    + "`openssl pkey -in encrypted.pem -out key.pem`")
        }
        guard privateKeyLabels.contains(label) else {
            throw CryptoError(
                .invalidKey,
                "PEM block \"\(label)\" is not a private key; expected one of \(privateKeyLabels.sorted())")
        }
        return try decode(pem: pem, selection: labkit_evp_pkey_keypair())
    }

    /// Reads a public key from PEM text.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` for text that is not a PEM public key,
    ///   including a private key, and for a key that OpenSSL cannot decode.
    static func decodingPublicKey(pem: String) throws -> EVPKey {
        let label = try pemLabel(of: pem)
        if privateKeyLabels.contains(label) || label == "ENCRYPTED PRIVATE KEY" {
            throw CryptoError(
                .invalidKey,
                "PEM block \"\(label)\" is a private key; load it with SigningKey(pemRepresentation:) "
                    + "and use its verificationKey")
        }
        guard publicKeyLabels.contains(label) else {
            throw CryptoError(
                .invalidKey,
                "PEM block \"\(label)\" is not a public key; expected one of \(publicKeyLabels.sorted())")
        }
        return try decode(pem: pem, selection: labkit_evp_pkey_public_key())
    }

    /// Writes the private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// Related OpenSSL documentation: `PEM_write_bio_PrivateKey(3)`.
    func privateKeyPEM() throws -> String {
        try writePEM("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
    }

    /// Writes the public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    ///
    /// Related OpenSSL documentation: `PEM_write_bio_PUBKEY(3)`.
    func publicKeyPEM() throws -> String {
        try writePEM("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, pointer) }
    }

    /// Returns the label of the first `-----BEGIN …-----` line, such as `PRIVATE KEY`.
    private static func pemLabel(of pem: String) throws -> String {
        let prefix = "-----BEGIN "
        let suffix = "-----"
        for line in pem.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(prefix), trimmed.hasSuffix(suffix), trimmed.count > prefix.count + suffix.count
            else { continue }
            return String(trimmed.dropFirst(prefix.count).dropLast(suffix.count))
        }
        throw CryptoError(.invalidKey, "text is not PEM: it has no \"-----BEGIN …-----\" line")
    }

    private static func decode(pem: String, selection: Int32) throws -> EVPKey {
        var key: OpaquePointer?
        guard let decoder = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nil, nil, selection, nil, nil) else {
            throw CryptoError.openSSL("OSSL_DECODER_CTX_new_for_pkey")
        }
        defer { OSSL_DECODER_CTX_free(decoder) }

        let bytes = Array(pem.utf8)
        let status = bytes.withNonNullBytes { buffer -> Int32 in
            var cursor = buffer.baseAddress
            var remaining = buffer.count
            return OSSL_DECODER_from_data(decoder, &cursor, &remaining)
        }
        guard status == 1, let key else {
            throw CryptoError.openSSL("OSSL_DECODER_from_data", code: .invalidKey, context: "decoding a PEM key")
        }
        return EVPKey(taking: key)
    }

    private func writePEM(_ function: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw CryptoError.openSSL(function) }

        var data: UnsafeMutablePointer<CChar>?
        let length = labkit_bio_get_mem_data(bio, &data)
        guard length > 0, let data else { throw CryptoError.openSSL("BIO_get_mem_data") }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }
}
