import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 2 — Validation an attacker cannot steer (hidden)")
struct HiddenPart2Validation {
    let clock = ManualClock()

    /// An `aud` claim as a token may carry it (RFC 7519 §4.1.3).
    enum Audience: Sendable {
        case array([String])
        case string(String)
        case missing

        var claimValue: Any? {
            switch self {
            case .array(let names): names
            case .string(let name): name
            case .missing: nil
            }
        }
    }

    @Test("crit and x5c headers are rejected", arguments: ["crit", "x5c"])
    func critAndCertificateHeadersAreRejected(member: String) throws {
        // A critical extension this verifier does not know, or a certificate chain (its bytes
        // do not matter, because the verifier must reject the member before reading it).
        let value = member == "crit" ? ["exp"] : ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]
        let verifier = TokenFactory.hmacVerifier(clock: clock)
        let claims = TokenFactory.claims(now: clock.now)
        let valid = TokenFactory.hs256(claims: claims)
        #expect(try verifier.verify(valid).sub == "ada", "the same token without \(member) must verify")

        let attack = TokenFactory.hs256(header: ["alg": "HS256", "typ": "JWT", member: value], claims: claims)
        #expect(
            jwtErrorCode { _ = try verifier.verify(attack) } == .forbiddenHeader,
            "a correctly signed token with \(member) must be rejected with forbiddenHeader (RFC 7515 §4.1.6, §4.1.11)")
    }

    @Test("nbf and iat at the leeway boundary")
    func nbfAndIatAtLeewayBoundary() throws {
        let now = clock.now.timeIntervalSince1970
        let verifier = TokenFactory.hmacVerifier(clock: clock, leeway: 30)
        let atBoundary = TokenFactory.hs256(
            claims: TokenFactory.claims(now: clock.now, ["nbf": now + 30, "iat": now + 30]))
        #expect(
            try verifier.verify(atBoundary).sub == "ada",
            "nbf and iat exactly now + leeway are inside the leeway: reject only when now + leeway < nbf")

        let nbfBeyond = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["nbf": now + 30.5]))
        #expect(
            jwtErrorCode { _ = try verifier.verify(nbfBeyond) } == .notYetValid,
            "nbf half a second beyond the leeway must be rejected; compare fractional seconds, not whole ones")
        let iatBeyond = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["iat": now + 30.5]))
        #expect(
            jwtErrorCode { _ = try verifier.verify(iatBeyond) } == .issuedInFuture,
            "iat half a second beyond the leeway must be rejected; compare fractional seconds, not whole ones")
    }

    @Test(
        "aud must contain the audience exactly",
        arguments: [
            ("an array of other audiences", Audience.array(["billing", "orders-v2"])),
            ("an empty array", .array([])),
            ("a different case", .string("Orders")),
            ("a longer name", .string("orders.internal")),
            ("a missing aud", .missing),
        ])
    func audienceMustMatchExactly(label: String, audience: Audience) throws {
        let verifier = TokenFactory.hmacVerifier(clock: clock)
        let valid = TokenFactory.hs256(claims: TokenFactory.claims(now: clock.now, ["aud": ["orders"]]))
        #expect(try verifier.verify(valid).aud == ["orders"], "an aud array with only orders must verify")

        var claims = TokenFactory.claims(now: clock.now)
        claims["aud"] = audience.claimValue
        #expect(
            jwtErrorCode { _ = try verifier.verify(TokenFactory.hs256(claims: claims)) } == .invalidAudience,
            "RFC 7519 §4.1.3: with \(label), the token is not for orders and must be invalidAudience")
    }
}
