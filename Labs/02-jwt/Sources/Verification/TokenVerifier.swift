import Foundation
public import LabKit

/// Verifies tokens for one service: signature with a key the service chose, then claims.
public struct TokenVerifier: Sendable {
    /// The verifying keys by key ID.
    public let keys: [String: TokenKey]
    /// The claims every accepted token must satisfy.
    public let policy: ClaimsPolicy
    /// The source of the current time.
    public let clock: any WallClock

    /// Creates a verifier from keys by ID.
    public init(keys: [String: TokenKey], policy: ClaimsPolicy, clock: any WallClock) {
        self.keys = keys
        self.policy = policy
        self.clock = clock
    }

    /// Creates a verifier from a published JWK Set, keeping each key's `kid` and `alg`.
    ///
    /// - Throws: `JWTError` when a key has no `kid` or no supported `alg`, and `CryptoError`
    ///   for an invalid key.
    public init(keySet: JSONWebKeySet, policy: ClaimsPolicy, clock: any WallClock) throws {
        var keys: [String: TokenKey] = [:]
        for jwk in keySet.keys {
            guard let keyID = jwk.kid else {
                throw JWTError(.unknownKey, "every key in the JWK Set needs a kid")
            }
            keys[keyID] = try TokenKey(jwk: jwk)
        }
        self.init(keys: keys, policy: policy, clock: clock)
    }

    /// Parses a token and checks its header and signature, but not its claims.
    ///
    /// 1. Parse with ``CompactJWS/init(parsing:)``.
    /// 2. Reject a header with `jku`, `jwk`, `x5u`, `x5c` or `crit`
    ///    (``JWTError/Code/forbiddenHeader``): the token must not choose its own key.
    /// 3. Select the key: by `kid` when the header has one; without `kid` only when the
    ///    verifier has exactly one key. Otherwise ``JWTError/Code/unknownKey``.
    /// 4. Require the header's `alg` to equal the key's ``TokenKey/algorithm``
    ///    (``JWTError/Code/algorithmMismatch``), which rejects `none` and HS256 tokens made
    ///    with a public key as the HMAC secret.
    /// 5. Check the signature with that key and algorithm. A signature that does not match or
    ///    is malformed (wrong length, ECDSA `r` or `s` out of range) is
    ///    ``JWTError/Code/invalidSignature``.
    public func verifySignature(_ token: String) throws -> CompactJWS {
        // TODO: Part 2 — parse, reject key-naming headers, select the key by kid, require the
        // key's algorithm, and check the signature with that key.
        throw LabKitError.notImplemented("verify the header and signature", part: 2, in: "TokenVerifier")
    }

    /// Verifies a token completely and returns its claims.
    ///
    /// Runs ``verifySignature(_:)``, decodes the claims (``CompactJWS/claims()``) and
    /// validates them with ``policy`` at `clock.now`.
    ///
    /// - Throws: `JWTError` from any of those steps.
    public func verify(_ token: String) throws -> JWTClaims {
        // TODO: Part 2 — verifySignature, decode the claims, then policy.validate at clock.now.
        throw LabKitError.notImplemented("verify a token", part: 2, in: "TokenVerifier")
    }

}
