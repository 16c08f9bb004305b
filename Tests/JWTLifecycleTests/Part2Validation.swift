import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 2 — Validation an attacker cannot steer")
struct Part2Validation {
    let clock = ManualClock()

    /// Expects the valid token to verify and the attack to fail with `code`, so that a
    /// verifier that rejects everything fails too.
    private func expectRejected(
        _ attack: String, code: JWTError.Code, verifier: TokenVerifier, valid: String, _ reason: Comment
    ) {
        #expect(jwtErrorCode { _ = try verifier.verify(valid) } == nil, "a valid token must verify")
        #expect(jwtErrorCode { _ = try verifier.verify(attack) } == code, reason)
    }

    @Test("valid HS256 token returns its claims")
    func validTokenReturnsClaims() throws {
        let token = TokenFactory.hs256(
            header: ["alg": "HS256", "kid": "hmac-1"], claims: TokenFactory.claims(now: clock.now))
        let claims = try TokenFactory.hmacVerifier(clock: clock).verify(token)
        #expect(claims.sub == "ada", "the verified claims carry the subject")
        #expect(claims.aud == [TokenFactory.audience], "a single-string aud decodes as a one-element array")
    }

    @Test("alg none is rejected", arguments: ["none", "None", "NONE"])
    func algNoneIsRejected(alg: String) {
        let claims = TokenFactory.claims(now: clock.now)
        let attack = TokenFactory.segment(["alg": alg]) + "." + TokenFactory.segment(claims) + "."
        expectRejected(
            attack, code: .algorithmMismatch, verifier: TokenFactory.hmacVerifier(clock: clock),
            valid: TokenFactory.hs256(claims: claims),
            "alg \(alg) means unsigned; the key decides the algorithm, so an unsigned token never verifies")
    }

    @Test("HS256 with RSA public key as secret is rejected")
    func keyConfusionIsRejected() throws {
        let key = try SigningKey.generate(.rsa(bits: 2048))
        let verifier = TokenVerifier(
            keys: ["rsa-1": .publicKey(key.verificationKey, .rs256)], policy: TokenFactory.policy(), clock: clock)
        let claims = TokenFactory.claims(now: clock.now)
        let valid = try TokenFactory.signed(header: ["alg": "RS256"], claims: claims, key: key, algorithm: .rs256)
        // The attacker has the public key and uses its PEM bytes as an HMAC secret.
        let publicPEM = Data(try key.verificationKey.pemRepresentation.utf8)
        let attack = TokenFactory.hs256(header: ["alg": "HS256"], claims: claims, key: publicPEM)
        expectRejected(
            attack, code: .algorithmMismatch, verifier: verifier, valid: valid,
            "an RSA key verifies RS256 only; trusting the header's HS256 would accept a MAC made with the public key")
    }

    @Test("unknown kid is rejected")
    func unknownKeyIDIsRejected() {
        let claims = TokenFactory.claims(now: clock.now)
        let attack = TokenFactory.hs256(header: ["alg": "HS256", "kid": "hmac-9"], claims: claims)
        expectRejected(
            attack, code: .unknownKey, verifier: TokenFactory.hmacVerifier(clock: clock),
            valid: TokenFactory.hs256(header: ["alg": "HS256", "kid": "hmac-1"], claims: claims),
            "no key has kid hmac-9; falling back to another key would let a token pick its key")
    }

    @Test("headers that name a key are rejected", arguments: ["jku", "x5u", "jwk"])
    func keyNamingHeadersAreRejected(member: String) throws {
        let attacker = try SigningKey.generate(.ecP256)
        let value: Any =
            member == "jwk"
            ? (try JSONSerialization.jsonObject(with: try attacker.verificationKey.jwk.jsonData()))
            : "https://attacker.example/keys"
        let claims = TokenFactory.claims(now: clock.now)
        let attack = TokenFactory.hs256(header: ["alg": "HS256", member: value], claims: claims)
        expectRejected(
            attack, code: .forbiddenHeader, verifier: TokenFactory.hmacVerifier(clock: clock),
            valid: TokenFactory.hs256(claims: claims),
            "a \(member) header lets the token choose its own key; the verifier must reject it, not fetch or use it")
    }

    @Test("truncated or re-encoded signature is rejected")
    func alteredSignatureIsRejected() {
        let valid = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now))
        let verifier = TokenFactory.hmacVerifier(clock: clock)
        expectRejected(
            String(valid.dropLast(3)), code: .invalidSignature, verifier: verifier, valid: valid,
            "a truncated signature (30 of 32 bytes) must not verify")
        #expect(
            jwtErrorCode { _ = try verifier.verify(valid + "=") } == .malformed,
            "a padded signature segment is a second encoding of the same bytes; reject it")
        // The last character of a 43-character segment carries 4 unused bits, so changing them
        // keeps the bytes but changes the text.
        let last = valid.last == "A" ? "B" : "A"
        let reencoded = String(valid.dropLast()) + last
        #expect(
            jwtErrorCode { _ = try verifier.verify(reencoded) } != nil,
            "a signature whose last character changed must not verify")
    }

    @Test("exp is enforced with leeway")
    func expirationIsEnforcedWithLeeway() {
        let token = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now))
        let verifier = TokenFactory.hmacVerifier(clock: clock, leeway: 30)
        clock.advance(by: 300 + 29)
        #expect(jwtErrorCode { _ = try verifier.verify(token) } == nil, "29 s past exp is inside a 30 s leeway")
        clock.advance(by: 1)
        #expect(
            jwtErrorCode { _ = try verifier.verify(token) } == .expired,
            "RFC 7519 §4.1.4: at exp + leeway the token must be rejected")
    }

    @Test("missing exp is rejected")
    func missingExpirationIsRejected() {
        var claims = TokenFactory.claims(now: clock.now)
        claims["exp"] = nil
        expectRejected(
            TokenFactory.hs256(claims: claims), code: .missingExpiration,
            verifier: TokenFactory.hmacVerifier(clock: clock),
            valid: TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now)),
            "a token without exp would be valid forever")
    }

    @Test("nbf and iat in the future are rejected")
    func futureTimesAreRejected() {
        let now = clock.now.timeIntervalSince1970
        let verifier = TokenFactory.hmacVerifier(clock: clock, leeway: 30)
        let valid = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["nbf": now + 20, "iat": now + 20]))
        expectRejected(
            TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["nbf": now + 31])),
            code: .notYetValid, verifier: verifier, valid: valid,
            "RFC 7519 §4.1.5: nbf 31 s ahead is beyond a 30 s leeway")
        expectRejected(
            TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["iat": now + 31])),
            code: .issuedInFuture, verifier: verifier, valid: valid,
            "iat 31 s ahead means the issuer's clock or the token is wrong")
    }

    @Test("wrong issuer or audience is rejected")
    func wrongIssuerOrAudienceIsRejected() {
        let verifier = TokenFactory.hmacVerifier(clock: clock)
        let valid = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["aud": ["billing", "orders"]]))
        expectRejected(
            TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["iss": "https://evil.test"])),
            code: .invalidIssuer, verifier: verifier, valid: valid, "iss must be the configured issuer exactly")
        expectRejected(
            TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["aud": "billing"])),
            code: .invalidAudience, verifier: verifier, valid: valid,
            "a token for billing must not be accepted by orders (RFC 7519 §4.1.3)")
    }
}
