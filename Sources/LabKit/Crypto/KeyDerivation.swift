import COpenSSL
public import Foundation

/// Password-based key derivation functions computed by OpenSSL: PBKDF2 and scrypt.
///
/// Store passwords with ``PasswordHash``, which chooses salts and parameters. These functions
/// are the primitives underneath it, and they are public so that their test vectors can be checked.
public enum KeyDerivation {
    /// Derives `byteCount` bytes from a password with PBKDF2 (RFC 8018 §5.2).
    ///
    /// - Parameters:
    ///   - password: The password's bytes.
    ///   - salt: A random value unique to this password, 16 bytes or more.
    ///   - iterations: The number of HMAC iterations, from 1 to `Int32.max`.
    ///   - digest: The hash function inside HMAC; SHA-256 unless stated.
    ///   - byteCount: The length of the derived key, from 1 to `Int32.max`.
    /// - Throws: ``CryptoError/Code/invalidParameter`` for a count out of range, and
    ///   ``CryptoError/Code/openSSL`` when OpenSSL fails.
    ///
    /// Related OpenSSL documentation: `PKCS5_PBKDF2_HMAC(3)`.
    public static func pbkdf2(
        password: some DataProtocol,
        salt: some DataProtocol,
        iterations: Int,
        digest: Digest = .sha256,
        byteCount: Int
    ) throws -> Data {
        guard (1...Int(Int32.max)).contains(iterations) else {
            throw CryptoError(.invalidParameter, "PBKDF2 iterations \(iterations) is out of range; use 1 or more")
        }
        try checkOutputLength(byteCount)
        var output = [UInt8](repeating: 0, count: byteCount)
        let status = Array(password).withNonNullBytes { password in
            Array(salt).withNonNullBytes { salt in
                password.withMemoryRebound(to: CChar.self) { password in
                    PKCS5_PBKDF2_HMAC(
                        password.baseAddress, Int32(password.count), salt.baseAddress, Int32(salt.count),
                        Int32(iterations), digest.algorithm, Int32(byteCount), &output
                    )
                }
            }
        }
        guard status == 1 else { throw CryptoError.openSSL("PKCS5_PBKDF2_HMAC") }
        return Data(output)
    }

    /// Derives `byteCount` bytes from a password with scrypt (RFC 7914 §6).
    ///
    /// scrypt needs `128 × r × (n + p + 2)` bytes of memory, and this function lets OpenSSL
    /// allocate exactly that, so the caller bounds the memory by choosing the parameters.
    ///
    /// - Parameters:
    ///   - password: The password's bytes.
    ///   - salt: A random value unique to this password, 16 bytes or more.
    ///   - n: The CPU and memory cost, a power of two greater than 1.
    ///   - r: The block size, 1 or more.
    ///   - p: The parallelization, 1 or more.
    ///   - byteCount: The length of the derived key, from 1 to `Int32.max`.
    /// - Throws: ``CryptoError/Code/invalidParameter`` for a parameter out of range, and
    ///   ``CryptoError/Code/openSSL`` when OpenSSL fails, for example when it cannot allocate.
    ///
    /// Related OpenSSL documentation: `EVP_PBE_scrypt(3)`.
    public static func scrypt(
        password: some DataProtocol,
        salt: some DataProtocol,
        n: Int,
        r: Int,
        p: Int,
        byteCount: Int
    ) throws -> Data {
        let memory = try scryptMemory(n: n, r: r, p: p)
        try checkOutputLength(byteCount)
        var output = [UInt8](repeating: 0, count: byteCount)
        let status = Array(password).withNonNullBytes { password in
            Array(salt).withNonNullBytes { salt in
                password.withMemoryRebound(to: CChar.self) { password in
                    EVP_PBE_scrypt(
                        password.baseAddress, password.count, salt.baseAddress, salt.count,
                        UInt64(n), UInt64(r), UInt64(p), memory, &output, byteCount
                    )
                }
            }
        }
        guard status == 1 else { throw CryptoError.openSSL("EVP_PBE_scrypt") }
        return Data(output)
    }

    /// Returns the bytes of memory that scrypt needs for these parameters, after checking them.
    ///
    /// The formula is OpenSSL 3.0's own limit check in `kdf_scrypt.c`: `p` blocks of
    /// `128 × r` bytes, plus the table of `n + 2` such blocks.
    static func scryptMemory(n: Int, r: Int, p: Int) throws -> UInt64 {
        guard n > 1, n.nonzeroBitCount == 1 else {
            throw CryptoError(.invalidParameter, "scrypt cost n = \(n) is invalid; use a power of two greater than 1")
        }
        guard r >= 1, p >= 1 else {
            throw CryptoError(.invalidParameter, "scrypt r = \(r) and p = \(p) must both be 1 or more")
        }
        let blockSize = UInt64(r).multipliedReportingOverflow(by: 128)
        let blocks = UInt64(n).addingReportingOverflow(UInt64(p) + 2)
        let total = blockSize.partialValue.multipliedReportingOverflow(by: blocks.partialValue)
        guard !blockSize.overflow, !blocks.overflow, !total.overflow else {
            throw CryptoError(.invalidParameter, "scrypt n = \(n), r = \(r), p = \(p) needs more memory than exists")
        }
        return total.partialValue
    }

    private static func checkOutputLength(_ byteCount: Int) throws {
        guard (1...Int(Int32.max)).contains(byteCount) else {
            throw CryptoError(.invalidParameter, "derived key length \(byteCount) is out of range; use 1 or more bytes")
        }
    }
}
