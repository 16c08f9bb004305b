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
        let jws = try CompactJWS(parsing: token)
        let header = jws.header
        guard header.jku == nil, header.jwk == nil, header.x5u == nil, header.x5c == nil, header.crit == nil else {
            throw JWTError(.forbiddenHeader, "the header names its own key or a critical extension")
        }
        let key = try selectKey(for: header)
        guard header.alg == key.algorithm else {
            throw JWTError(.algorithmMismatch, "the key is for \(key.algorithm); the token says \(header.alg)")
        }
        guard try isValid(jws, key: key) else {
            throw JWTError(.invalidSignature, "the signature does not match")
        }
        return jws
    }

    /// Verifies a token completely and returns its claims.
    ///
    /// Runs ``verifySignature(_:)``, decodes the claims (``CompactJWS/claims()``) and
    /// validates them with ``policy`` at `clock.now`.
    ///
    /// - Throws: `JWTError` from any of those steps.
    public func verify(_ token: String) throws -> JWTClaims {
        let claims = try verifySignature(token).claims()
        try policy.validate(claims, now: clock.now)
        return claims
    }

    private func selectKey(for header: JWTHeader) throws -> TokenKey {
        if let keyID = header.kid {
            guard let key = keys[keyID] else {
                throw JWTError(.unknownKey, "no key has kid \(keyID)")
            }
            return key
        }
        guard keys.count == 1, let key = keys.values.first else {
            throw JWTError(.unknownKey, "the token has no kid and the verifier has \(keys.count) keys")
        }
        return key
    }

    private func isValid(_ jws: CompactJWS, key: TokenKey) throws -> Bool {
        switch key {
        case .hmacSHA256(let secret):
            return HMAC.isValidAuthenticationCode(jws.signature, for: jws.signingInput, key: secret, digest: .sha256)
        case .publicKey(let publicKey, let algorithm):
            do {
                return try publicKey.isValidSignature(jws.signature, for: jws.signingInput, using: algorithm)
            } catch let error as CryptoError where error.code == .invalidSignatureEncoding {
                return false
            }
        }
    }
}
