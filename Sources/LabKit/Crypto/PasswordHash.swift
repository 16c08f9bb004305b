public import Foundation

/// A salted, deliberately slow hash of a password, stored as one self-describing string.
///
/// The string names the function, its parameters, the salt and the hash, in the PHC string
/// format that libraries such as passlib and argon2 use, with base64 without padding:
///
/// ```
/// $scrypt$ln=17,r=8,p=1$<salt>$<hash>
/// $pbkdf2-sha256$i=600000$<salt>$<hash>
/// ```
///
/// Because the parameters travel with the hash, they can be raised later: after a successful
/// login, check ``needsRehash(for:)`` and, when it is `true`, store a new hash of the password
/// the user just typed.
///
/// ```swift
/// let stored = try PasswordHash(hashing: "correct horse").encoded
/// let hash = try PasswordHash(parsing: stored)
/// if try hash.matches(typedPassword) { … }
/// ```
///
/// Passwords are hashed as their UTF-8 bytes without Unicode normalization, so "é" typed as
/// one code point and as "e" plus a combining accent are different passwords.
public struct PasswordHash: Sendable, Hashable {
    /// The function and the cost parameters of its computation.
    public let parameters: Parameters
    /// The random salt, unique to this hash.
    public let salt: Data
    /// The derived key that the password must reproduce.
    public let hash: Data

    /// The salt length for new hashes: 16 bytes, as NIST SP 800-132 §5.1 recommends (128 bits).
    public static let saltByteCount = 16
    /// The derived key length for new hashes: 32 bytes, the output length of SHA-256.
    public static let hashByteCount = 32

    /// Creates a hash from its parts, checking them against the limits that parsing applies.
    ///
    /// - Throws: ``CryptoError/Code/invalidPasswordHash`` when a part is out of range.
    public init(parameters: Parameters, salt: Data, hash: Data) throws {
        try parameters.checkLimits()
        guard Self.storedByteCounts.contains(salt.count) else {
            throw CryptoError(
                .invalidPasswordHash, "salt of \(salt.count) bytes is out of range \(Self.storedByteCounts)")
        }
        guard Self.storedByteCounts.contains(hash.count) else {
            throw CryptoError(
                .invalidPasswordHash, "hash of \(hash.count) bytes is out of range \(Self.storedByteCounts)")
        }
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// Hashes `password` with a new random salt.
    ///
    /// - Parameters:
    ///   - password: The password, hashed as its UTF-8 bytes.
    ///   - parameters: The function and its cost; ``Parameters/recommended`` unless stated.
    /// - Throws: ``CryptoError/Code/invalidPasswordHash`` for parameters outside the accepted
    ///   limits, and ``CryptoError/Code/openSSL`` when OpenSSL fails.
    public init(hashing password: String, parameters: Parameters = .recommended) throws {
        let salt = SecureBytes.random(count: Self.saltByteCount)
        try parameters.checkLimits()
        let hash = try parameters.deriveKey(from: password, salt: salt, byteCount: Self.hashByteCount)
        try self.init(parameters: parameters, salt: salt, hash: hash)
    }

    /// Checks whether `password` is the one this hash was made from.
    ///
    /// The password is hashed again with the stored salt and parameters, and the two hashes
    /// are compared in constant time, so the response time does not reveal how many leading
    /// bytes matched.
    ///
    /// - Throws: ``CryptoError/Code/openSSL`` when OpenSSL fails; a wrong password returns `false`.
    public func matches(_ password: String) throws -> Bool {
        let candidate = try parameters.deriveKey(from: password, salt: salt, byteCount: hash.count)
        return SecureBytes.constantTimeEquals(candidate, hash)
    }

    /// Checks whether this hash is weaker than `target` and should be replaced.
    ///
    /// A hash needs rehashing when it uses another function than `target`, when any of its
    /// cost parameters is below the target's, or when its salt or hash is shorter than the
    /// lengths new hashes get. A cost above the target's is kept.
    public func needsRehash(for target: Parameters = .recommended) -> Bool {
        salt.count < Self.saltByteCount || hash.count < Self.hashByteCount || parameters.isWeaker(than: target)
    }

    /// The salt and hash lengths, in bytes, that a stored hash may have.
    static let storedByteCounts = 8...64
}

// MARK: - Parameters

extension PasswordHash {
    /// A password hashing function with its cost parameters.
    public enum Parameters: Sendable, Hashable {
        /// scrypt (RFC 7914) with cost `n = 2^log2N`, block size `r` and parallelization `p`;
        /// it needs `128 × r × n` bytes of memory.
        case scrypt(log2N: Int, r: Int, p: Int)
        /// PBKDF2 with HMAC-SHA-256 (RFC 8018 §5.2) and the given number of iterations.
        case pbkdf2SHA256(iterations: Int)

        /// The parameters for new hashes: scrypt with `n = 2^17`, `r = 8` and `p = 1`.
        ///
        /// These are the minimums of the OWASP Password Storage Cheat Sheet
        /// (<https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html>,
        /// guidance dated May 2023), which uses 128 MiB of memory per hash. OWASP ranks
        /// Argon2id above scrypt, but OpenSSL adds Argon2id only in 3.2, after the 3.0 that
        /// the kit builds against.
        public static let recommended = Parameters.scrypt(log2N: 17, r: 8, p: 1)

        /// The parameters for new hashes when only PBKDF2 is allowed: 600,000 iterations of
        /// HMAC-SHA-256, the minimum of the same OWASP cheat sheet for FIPS-140 settings.
        public static let recommendedPBKDF2 = Parameters.pbkdf2SHA256(iterations: 600_000)

        /// The largest scrypt memory, in bytes, that a hash may ask for: 1 GiB, eight times
        /// the recommended 128 MiB.
        ///
        /// NOTE: This cap and ``maximumIterations`` are the kit's own choices, which keep a
        /// corrupted or hostile stored hash from making a single login exhaust the server.
        public static let maximumScryptMemory = 1 << 30
        /// The largest PBKDF2 iteration count that a hash may ask for: 10 million.
        public static let maximumIterations = 10_000_000

        func deriveKey(from password: String, salt: Data, byteCount: Int) throws -> Data {
            switch self {
            case .scrypt(let log2N, let r, let p):
                return try KeyDerivation.scrypt(
                    password: Data(password.utf8), salt: salt, n: 1 << log2N, r: r, p: p, byteCount: byteCount)
            case .pbkdf2SHA256(let iterations):
                return try KeyDerivation.pbkdf2(
                    password: Data(password.utf8), salt: salt, iterations: iterations, digest: .sha256,
                    byteCount: byteCount)
            }
        }

        func checkLimits() throws {
            switch self {
            case .scrypt(let log2N, let r, let p):
                guard (1...30).contains(log2N), (1...255).contains(r), (1...255).contains(p),
                    128 * r * (1 << log2N) <= Self.maximumScryptMemory
                else {
                    throw CryptoError(
                        .invalidPasswordHash,
                        "scrypt parameters ln=\(log2N), r=\(r), p=\(p) are out of range; memory 128 × r × 2^ln "
                            + "must be at most \(Self.maximumScryptMemory) bytes")
                }
            case .pbkdf2SHA256(let iterations):
                guard (1...Self.maximumIterations).contains(iterations) else {
                    throw CryptoError(
                        .invalidPasswordHash,
                        "PBKDF2 iterations \(iterations) is out of range 1...\(Self.maximumIterations)")
                }
            }
        }

        func isWeaker(than target: Parameters) -> Bool {
            switch (self, target) {
            case (.scrypt(let log2N, let r, let p), .scrypt(let targetLog2N, let targetR, let targetP)):
                return log2N < targetLog2N || r < targetR || p < targetP
            case (.pbkdf2SHA256(let iterations), .pbkdf2SHA256(let targetIterations)):
                return iterations < targetIterations
            default:
                return true
            }
        }
    }
}
