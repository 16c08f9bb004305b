import Foundation
public import LabKit
import Synchronization

/// The authorization service's private signing keys: one current key that signs, and older
/// keys that stay published until the tokens they signed have expired.
public final class KeyRing: Sendable {
    /// A private key with its ID and algorithm.
    public struct Entry: Sendable {
        /// The `kid` published in the JWK Set and written into token headers.
        public let keyID: String
        /// The private key.
        public let key: SigningKey
        /// The algorithm this key signs with.
        public let algorithm: SignatureAlgorithm

        /// Creates an entry.
        public init(keyID: String, key: SigningKey, algorithm: SignatureAlgorithm) {
            self.keyID = keyID
            self.key = key
            self.algorithm = algorithm
        }
    }

    private let entries: Mutex<[Entry]>

    /// Creates a ring whose only key is `initial`.
    public init(initial: Entry) {
        entries = Mutex([initial])
    }

    /// The key that signs new tokens: the one added last.
    public var current: Entry {
        entries.withLock { $0[$0.count - 1] }
    }

    /// Makes `entry` the current key and keeps the previous keys published.
    public func rotate(to entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    /// Stops publishing a previous key, once every token it signed has expired.
    ///
    /// The current key is never removed.
    public func retire(keyID: String) {
        entries.withLock { entries in
            let currentID = entries[entries.count - 1].keyID
            entries.removeAll { $0.keyID == keyID && $0.keyID != currentID }
        }
    }

    /// The public keys of every entry as a JWK Set (RFC 7517 §5).
    ///
    /// Each JWK has only public members, with `kid`, `alg` and `use: "sig"` set, so a
    /// resource service can build a ``TokenVerifier`` from it.
    ///
    /// - Throws: `CryptoError` when a key cannot be exported.
    public var keySet: JSONWebKeySet {
        get throws {
            // TODO: Part 3 — export each entry's public JWK with kid, alg and use "sig".
            throw LabKitError.notImplemented("publish the public keys as a JWK Set", part: 3, in: "KeyRing")
        }
    }

    /// Signs a claims set with the current key and returns the compact token.
    ///
    /// The header is `{"alg": <current algorithm>, "typ": "JWT", "kid": <current key ID>}`,
    /// so verifiers pick the key by `kid` and compare `alg` with it.
    ///
    /// - Throws: `CryptoError` when signing fails, or an encoding error.
    public func sign(_ claims: JWTClaims) throws -> String {
        // TODO: Part 3 — build the header from the current entry (alg, typ, kid), encode header
        // and claims as JSON, and sign the ASCII signing input with the entry's key.
        throw LabKitError.notImplemented("sign a claims set", part: 3, in: "KeyRing")
    }
}
