import COpenSSL
import Foundation

/// An OpenSSL `EVP_PKEY` that this object owns and frees.
///
/// The class is `@unchecked Sendable` because the kit never modifies a key after building it,
/// and openssl-threads(7) states that objects are thread-safe while the calls made on them
/// do not modify them. Each signature or verification uses its own `EVP_MD_CTX`.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, which `deinit` frees.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Finds the key's type and checks that the kit supports it.
    ///
    /// - Throws: ``CryptoError/Code/unsupportedAlgorithm`` for key types and curves other
    ///   than RSA, P-256, P-384 and Ed25519, and ``CryptoError/Code/weakKey`` for small RSA keys.
    func checkedKeyType() throws -> KeyType {
        let keyType = try supportedKeyType()
        try keyType.checkStrength()
        return keyType
    }

    private func supportedKeyType() throws -> KeyType {
        if EVP_PKEY_is_a(pointer, "RSA") == 1 {
            return .rsa(bits: Int(EVP_PKEY_get_bits(pointer)))
        }
        if EVP_PKEY_is_a(pointer, "ED25519") == 1 {
            return .ed25519
        }
        if EVP_PKEY_is_a(pointer, "EC") == 1 {
            let group = try groupName()
            switch group {
            case "prime256v1", "P-256": return .ecP256
            case "secp384r1", "P-384": return .ecP384
            default:
                throw CryptoError(.unsupportedAlgorithm, "EC curve \(group) is not supported; use P-256 or P-384")
            }
        }
        let name = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
        throw CryptoError(
            .unsupportedAlgorithm, "\(name) keys are not supported; use RSA, EC P-256, EC P-384 or Ed25519")
    }

    private func groupName() throws -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1 else {
            throw CryptoError.openSSL("EVP_PKEY_get_group_name", code: .invalidKey)
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Returns a new key that holds only this key's public part.
    ///
    /// The public part is written as a DER SubjectPublicKeyInfo and read back, so that the
    /// result cannot carry any private material.
    ///
    /// Related OpenSSL documentation: `i2d_PUBKEY(3)`, `d2i_PUBKEY(3)`.
    func publicKey() throws -> EVPKey {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw CryptoError.openSSL("i2d_PUBKEY") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw CryptoError.openSSL("i2d_PUBKEY") }
        let key = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, Int(length))
        }
        guard let key else { throw CryptoError.openSSL("d2i_PUBKEY") }
        return EVPKey(taking: key)
    }
}
