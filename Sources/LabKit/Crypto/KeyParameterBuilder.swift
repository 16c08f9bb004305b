import COpenSSL
import Foundation

/// Builds an `EVP_PKEY` from named parameters with OpenSSL 3's `EVP_PKEY_fromdata`.
///
/// `OSSL_PARAM_BLD` keeps pointers to pushed names and values until `OSSL_PARAM_BLD_to_param`
/// copies them, so this object owns a copy of every name and value until it is freed.
/// Values may be private key parts, and `deinit` clears them before freeing.
///
/// Related OpenSSL documentation: `OSSL_PARAM_BLD(3)`, `EVP_PKEY_fromdata(3)`.
final class KeyParameterBuilder {
    private let builder: OpaquePointer
    private var bigNumbers: [OpaquePointer] = []
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    init() throws {
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.openSSL("OSSL_PARAM_BLD_new") }
        self.builder = builder
    }

    deinit {
        for number in bigNumbers { BN_clear_free(number) }
        for buffer in buffers {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.deallocate()
        }
        OSSL_PARAM_BLD_free(builder)
    }

    /// Adds an unsigned big-endian integer, such as an RSA modulus or an EC private scalar.
    func addInteger(_ name: String, bigEndian bytes: Data) throws {
        let number = Array(bytes).withNonNullBytes { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        guard let number else { throw CryptoError.openSSL("BN_bin2bn") }
        bigNumbers.append(number)
        guard OSSL_PARAM_BLD_push_BN(builder, cString(name), number) == 1 else {
            throw CryptoError.openSSL("OSSL_PARAM_BLD_push_BN", context: "adding key parameter \(name)")
        }
    }

    /// Adds a byte string, such as an encoded EC point or a raw Ed25519 key.
    func addOctets(_ name: String, _ bytes: Data) throws {
        let buffer = copy(bytes)
        guard OSSL_PARAM_BLD_push_octet_string(builder, cString(name), buffer.baseAddress, buffer.count) == 1 else {
            throw CryptoError.openSSL("OSSL_PARAM_BLD_push_octet_string", context: "adding key parameter \(name)")
        }
    }

    /// Adds a UTF-8 string, such as an EC group name.
    func addString(_ name: String, _ value: String) throws {
        guard OSSL_PARAM_BLD_push_utf8_string(builder, cString(name), cString(value), value.utf8.count) == 1 else {
            throw CryptoError.openSSL("OSSL_PARAM_BLD_push_utf8_string", context: "adding key parameter \(name)")
        }
    }

    /// Creates a key of OpenSSL type `keyType` (such as `"RSA"`) from the added parameters.
    ///
    /// - Parameters:
    ///   - keyType: The OpenSSL key type name.
    ///   - includingPrivate: Whether to import the private parts as well as the public ones.
    /// - Throws: ``CryptoError/Code/invalidKey`` when OpenSSL rejects the parameters.
    func makeKey(keyType: String, includingPrivate: Bool) throws -> EVPKey {
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else {
            throw CryptoError.openSSL("OSSL_PARAM_BLD_to_param")
        }
        defer { Self.clearAndFree(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, keyType, nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_name", context: "looking up key type \(keyType)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_fromdata_init(context) == 1 else { throw CryptoError.openSSL("EVP_PKEY_fromdata_init") }

        let selection = includingPrivate ? labkit_evp_pkey_keypair() : labkit_evp_pkey_public_key()
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else {
            throw CryptoError.openSSL("EVP_PKEY_fromdata", code: .invalidKey, context: "importing a \(keyType) key")
        }
        return EVPKey(taking: key)
    }

    /// Zeroes every value of a parameter array and frees it, because `OSSL_PARAM_free`
    /// in OpenSSL 3.0 frees without clearing, and the values may be private key parts.
    private static func clearAndFree(_ parameters: UnsafeMutablePointer<OSSL_PARAM>) {
        var parameter = parameters
        while parameter.pointee.key != nil {
            if let data = parameter.pointee.data {
                memset(data, 0, parameter.pointee.data_size)
            }
            parameter += 1
        }
        OSSL_PARAM_free(parameters)
    }

    /// Returns a NUL-terminated copy of `text` that lives as long as this builder.
    private func cString(_ text: String) -> UnsafePointer<CChar>? {
        let buffer = copy(Data(text.utf8) + [0])
        return UnsafePointer(buffer.baseAddress?.assumingMemoryBound(to: CChar.self))
    }

    private func copy(_ bytes: Data) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.copyBytes(from: bytes)
        buffers.append(buffer)
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
    }
}

extension EVPKey {
    /// Reads an integer parameter as unsigned big-endian bytes, or returns `nil` when the key
    /// does not have it.
    ///
    /// - Parameters:
    ///   - name: The OpenSSL parameter name, such as `OSSL_PKEY_PARAM_RSA_N`.
    ///   - byteCount: A fixed length to left-pad to, as JWK requires for EC coordinates;
    ///     `nil` for the minimal length that JWK requires for RSA values.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_get_bn_param(3)`, `BN_bn2binpad(3)`.
    func integerParameter(_ name: String, byteCount: Int? = nil) throws -> Data? {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else {
            ERR_clear_error()
            return nil
        }
        defer { BN_clear_free(number) }
        let length = byteCount ?? Int((BN_num_bits(number) + 7) / 8)
        var bytes = [UInt8](repeating: 0, count: length)
        guard BN_bn2binpad(number, &bytes, Int32(length)) == Int32(length) else {
            throw CryptoError.openSSL("BN_bn2binpad", context: "exporting key parameter \(name)")
        }
        return Data(bytes)
    }

    /// Reads a byte-string parameter, such as a raw Ed25519 key, or returns `nil` when the
    /// key does not have it.
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_get_octet_string_param(3)`.
    func octetsParameter(_ name: String) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 1024)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pointer, name, &bytes, bytes.count, &length) == 1 else {
            ERR_clear_error()
            return nil
        }
        return Data(bytes.prefix(length))
    }
}
