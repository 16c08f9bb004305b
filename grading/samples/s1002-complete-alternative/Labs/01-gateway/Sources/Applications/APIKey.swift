public import Foundation
import LabKit

/// API keys: pre-shared secrets that client applications send in the `X-API-Key` header.
public enum APIKey {
    /// The request header that carries the key.
    public static let headerName = "X-API-Key"

    /// Creates a new key: 32 bytes from OpenSSL's cryptographically secure generator,
    /// base64url-encoded without padding (RFC 4648 §5), 43 characters.
    ///
    /// 256 random bits are beyond guessing or brute force, which is what makes a fast hash
    /// such as SHA-256 safe for storing these keys (see ``KeyDigest``).
    public static func generate() -> String {
        SecureBytes.random(count: 32).base64URLEncodedString
    }
}

/// The SHA-256 digest of an API key (FIPS 180-4), which is all the gateway stores.
///
/// A database leak then exposes digests, not keys, and a digest cannot be sent as a key.
/// A fast hash is enough here because a key is 256 random bits, and trying 2^256
/// candidates is out of reach. Passwords are different: people choose them from a small space, so an
/// attacker holding the digests can try billions of likely passwords per second.
/// Passwords need a slow, salted hash such as Argon2id, scrypt or PBKDF2.
public struct KeyDigest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: Data

    /// Hashes a key's UTF-8 bytes with SHA-256.
    public init(hashing key: String) {
        bytes = Digest.sha256.hash(key)
    }

    /// The digest as lowercase hexadecimal, as `sha256sum` prints it.
    public var hex: String { bytes.hexString }

    public var description: String { "sha256:\(hex)" }
}
