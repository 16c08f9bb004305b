import Foundation
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
        guard apiKey.count >= Self.minimumKeyLength else {
            throw LabKitError(
                .invalidArgument,
                "the API key of \(application.id) has \(apiKey.count) characters; use at least \(Self.minimumKeyLength), such as a key from APIKey.generate()"
            )
        }
        let digest = KeyDigest(hashing: apiKey)
        for entry in entries {
            if entry.application.id == application.id {
                throw LabKitError(.invalidArgument, "application id \(application.id) is already registered")
            }
            if entry.keyDigest == digest {
                throw LabKitError(
                    .invalidArgument,
                    "the API key of \(application.id) is already registered for another application; generate a new key"
                )
            }
        }
        entries.append(Entry(application: application, keyDigest: digest))
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
        let presented = KeyDigest(hashing: presentedKey)
        // Every entry is compared, and the loop has no early exit, so the time taken
        // does not depend on which entry (if any) matches.
        var matches: [Bool] = []
        matches.reserveCapacity(entries.count)
        for entry in entries {
            matches.append(SecureBytes.constantTimeEquals(entry.keyDigest.bytes, presented.bytes))
        }
        return matches.firstIndex(of: true).map { entries[$0].application }
    }
}
