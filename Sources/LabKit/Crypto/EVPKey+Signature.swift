import COpenSSL
import Foundation

extension EVPKey {
    /// Signs `message` with OpenSSL's one-shot `EVP_DigestSign` and returns OpenSSL's encoding:
    /// PKCS#1 v1.5 for RSA, DER for ECDSA, and the 64-byte signature for Ed25519.
    ///
    /// Related OpenSSL documentation: `EVP_DigestSignInit_ex(3)`, `EVP_DigestSign(3)`.
    func digestSign(_ message: Data, digestName: String?) throws -> Data {
        let context = try DigestContext()
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit_ex(context.pointer, &keyContext, digestName, nil, nil, pointer, nil) == 1 else {
            throw CryptoError.openSSL("EVP_DigestSignInit_ex")
        }
        try usePKCS1Padding(keyContext)

        let bytes = Array(message)
        var length = 0
        let sized = bytes.withNonNullBytes { EVP_DigestSign(context.pointer, nil, &length, $0.baseAddress, $0.count) }
        guard sized == 1 else { throw CryptoError.openSSL("EVP_DigestSign", context: "sizing the signature") }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = bytes.withNonNullBytes {
            EVP_DigestSign(context.pointer, &signature, &length, $0.baseAddress, $0.count)
        }
        guard signed == 1 else { throw CryptoError.openSSL("EVP_DigestSign") }
        return Data(signature.prefix(length))
    }

    /// Verifies an OpenSSL-encoded signature over `message` with OpenSSL's one-shot `EVP_DigestVerify`.
    ///
    /// - Returns: `true` when the signature is valid and `false` when OpenSSL reports a
    ///   mismatch, which includes a signature it cannot decode.
    ///
    /// Related OpenSSL documentation: `EVP_DigestVerifyInit_ex(3)`, `EVP_DigestVerify(3)`.
    func digestVerify(_ signature: Data, message: Data, digestName: String?) throws -> Bool {
        let context = try DigestContext()
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context.pointer, &keyContext, digestName, nil, nil, pointer, nil) == 1 else {
            throw CryptoError.openSSL("EVP_DigestVerifyInit_ex")
        }
        try usePKCS1Padding(keyContext)

        let status = Array(signature).withNonNullBytes { signature in
            Array(message).withNonNullBytes { message in
                EVP_DigestVerify(
                    context.pointer, signature.baseAddress, signature.count, message.baseAddress, message.count)
            }
        }
        // EVP_DigestVerify returns 1 for a valid signature, 0 for an invalid one, and a
        // negative value for other failures, such as a signature it cannot parse. Its error
        // queue describes why, which callers of a Bool API cannot use, so it is cleared.
        ERR_clear_error()
        return status == 1
    }

    /// Sets RSASSA-PKCS1-v1_5 padding, the one JWS RS256 uses, on an RSA key's context.
    ///
    /// It is OpenSSL's default; setting it states the choice instead of relying on that.
    private func usePKCS1Padding(_ keyContext: OpaquePointer?) throws {
        guard EVP_PKEY_is_a(pointer, "RSA") == 1 else { return }
        guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1 else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_set_rsa_padding")
        }
    }
}

/// An owned `EVP_MD_CTX`, freed when the object goes away.
private final class DigestContext {
    let pointer: OpaquePointer

    init() throws {
        guard let pointer = EVP_MD_CTX_new() else { throw CryptoError.openSSL("EVP_MD_CTX_new") }
        self.pointer = pointer
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }
}
