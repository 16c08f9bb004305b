import LabKit

/// The registered client applications and the digests of their API keys.
public struct ApplicationRegistry: Sendable {
    /// One registered application and the SHA-256 digest of its key.
    public struct Entry: Sendable {
        public let application: ClientApplication
        public let keyDigest: KeyDigest
    }

    /// The minimum key length ``register(_:apiKey:)`` accepts, in characters.
    ///
    /// 32 base64url characters carry 192 random bits; ``APIKey/generate()`` makes 43.
    public static let minimumKeyLength = 32

    /// Every registration, in order, with digests only and never a key.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Registers an application with its API key, storing only the key's ``KeyDigest``.
    ///
    /// - Parameters:
    ///   - application: The application; its ``ClientApplication/id`` must be new.
    ///   - apiKey: The key the application will send, such as one from
    ///     ``APIKey/generate()``. At least ``minimumKeyLength`` characters, because a
    ///     fast hash protects only keys too long to guess; it must not already be in use.
    /// - Throws: `LabKitError` with code `.invalidArgument` for a short key, a repeated
    ///   application id or a key another application already has. The message never
    ///   contains the key.
    public mutating func register(_ application: ClientApplication, apiKey: String) throws {
        // TODO: Part 2 — check the key length and uniqueness, then append an Entry holding
        // KeyDigest(hashing: apiKey), never the key itself.
        throw LabKitError.notImplemented("register an application with the digest of its key", part: 2)
    }

    /// Returns the application whose key this is, or `nil` when no application has it.
    ///
    /// The presented key is hashed and compared with every stored digest using
    /// `SecureBytes.constantTimeEquals(_:_:)`, without stopping at the first match, so
    /// that the response time reveals neither how much of a key was right nor which
    /// entry matched.
    ///
    /// - Parameter presentedKey: The key from the request, exactly as sent.
    public func application(forKey presentedKey: String) -> ClientApplication? {
        // TODO: Part 2 — hash the presented key and compare it with every entry's digest
        // using SecureBytes.constantTimeEquals, without stopping at the first match.
        return nil
    }
}
