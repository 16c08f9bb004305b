import COpenSSL
public import Foundation

/// Keyed-hash message authentication codes (HMAC, RFC 2104) computed by OpenSSL.
///
/// JWS uses HMAC with SHA-256, SHA-384 and SHA-512 for HS256, HS384 and HS512 (RFC 7518 §3.2).
///
/// Related OpenSSL documentation: `EVP_Q_mac(3)`, `EVP_MAC-HMAC(7)`.
public enum HMAC {
    /// Computes the HMAC of `message` under `key`.
    ///
    /// Any key length works, the empty key included: HMAC hashes a key longer than the
    /// digest's block size and pads a shorter one (RFC 2104 §2). RFC 7518 §3.2 requires
    /// HS256 keys of at least 256 bits, and checking that is the caller's decision.
    ///
    /// - Parameters:
    ///   - message: The bytes to authenticate.
    ///   - key: The secret key.
    ///   - digest: The hash function inside the HMAC; SHA-256 unless stated.
    /// - Returns: The code, `digest.byteCount` bytes long.
    public static func authenticationCode(
        for message: some DataProtocol,
        key: some DataProtocol,
        digest: Digest = .sha256
    ) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        let status = Array(key).withNonNullBytes { key in
            Array(message).withNonNullBytes { message in
                EVP_Q_mac(
                    nil, "HMAC", nil, digest.openSSLName, nil,
                    key.baseAddress, key.count, message.baseAddress, message.count,
                    &output, output.count, &length
                )
            }
        }
        // With SHA-2 and an output buffer of EVP_MAX_MD_SIZE, EVP_Q_mac fails only when OpenSSL
        // cannot allocate or lacks SHA-2. No caller could recover from either, so it stops here
        // as Digest.hash does.
        precondition(status != nil, "EVP_Q_mac failed: \(OpenSSLError.lastMessage())")
        return Data(output.prefix(length))
    }

    /// Checks that `code` is the HMAC of `message` under `key`, comparing in constant time.
    ///
    /// A comparison that stops at the first differing byte lets an attacker find a valid
    /// code one byte at a time by timing responses, so the comparison uses `CRYPTO_memcmp`.
    ///
    /// - Parameters:
    ///   - code: The code received, such as the signature part of an HS256 JWT.
    ///   - message: The bytes that the code claims to authenticate.
    ///   - key: The secret key.
    ///   - digest: The hash function inside the HMAC; SHA-256 unless stated.
    /// - Returns: `true` when the code matches; `false` when it differs or has another length.
    public static func isValidAuthenticationCode(
        _ code: some DataProtocol,
        for message: some DataProtocol,
        key: some DataProtocol,
        digest: Digest = .sha256
    ) -> Bool {
        let expected = authenticationCode(for: message, key: key, digest: digest)
        return SecureBytes.constantTimeEquals(expected, code)
    }
}

extension Digest {
    /// The name that OpenSSL's fetch functions take for this digest.
    var openSSLName: String {
        switch self {
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        }
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with the array's bytes and a base address that is never `nil`.
    ///
    /// Several OpenSSL functions reject a null pointer even when the length is zero,
    /// and an empty Swift array may hand out one.
    func withNonNullBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if isEmpty {
            let placeholder: [UInt8] = [0]
            return try placeholder.withUnsafeBufferPointer { pointer in
                try body(UnsafeBufferPointer(rebasing: pointer[0..<0]))
            }
        }
        return try withUnsafeBufferPointer(body)
    }
}
