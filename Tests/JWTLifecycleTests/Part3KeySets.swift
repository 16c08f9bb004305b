import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 3 — Asymmetric tokens and key sets")
struct Part3KeySets {
    let clock = ManualClock()

    private func verifier(_ jwk: JSONWebKey, _ algorithm: SignatureAlgorithm) throws -> TokenVerifier {
        TokenVerifier(
            keys: ["rfc": .publicKey(try VerificationKey(jwk: jwk), algorithm)], policy: TokenFactory.policy(),
            clock: clock)
    }

    @Test("RFC 7515 A.2 RS256 and A.3 ES256 tokens verify")
    func rfcAsymmetricTokensVerify() throws {
        let rsa = try verifier(RFC7515Asymmetric.rsaKey, .rs256).verifySignature(RFC7515Asymmetric.rsaToken)
        #expect(rsa.header.alg == "RS256", "the A.2 token verifies with the A.2 public key")
        let ec = try verifier(RFC7515Asymmetric.ecKey, .es256).verifySignature(RFC7515Asymmetric.ecToken)
        #expect(ec.signature.count == 64, "an ES256 signature is R ‖ S, 64 bytes (RFC 7518 §3.4)")
        #expect(
            jwtErrorCode {
                _ = try verifier(RFC7515Asymmetric.ecKey, .es256).verifySignature(RFC7515Asymmetric.rsaToken)
            }
                == .algorithmMismatch,
            "an RS256 token must not be checked with an ES256 key")
    }

    @Test("RFC 8037 A.4 EdDSA token verifies")
    func rfcEdDSATokenVerifies() throws {
        let jws = try verifier(RFC8037.publicKey, .edDSA).verifySignature(RFC8037.token)
        #expect(jws.payload == Data("Example of Ed25519 signing".utf8), "the A.4 payload is plain text, not claims")
        let parts = RFC8037.token.split(separator: ".").map(String.init)
        let tampered = parts[0] + "." + Data("Example of Ed25519 signinG".utf8).base64URLEncodedString + "." + parts[2]
        #expect(
            jwtErrorCode { _ = try verifier(RFC8037.publicKey, .edDSA).verifySignature(tampered) } == .invalidSignature,
            "a changed payload must not verify under the A.4 signature")
    }

    @Test("ES256 signature with r or s out of range is rejected")
    func ecdsaScalarsOutOfRangeAreRejected() throws {
        let key = try SigningKey.generate(.ecP256)
        let verifier = TokenVerifier(
            keys: ["ec-1": .publicKey(key.verificationKey, .es256)], policy: TokenFactory.policy(), clock: clock)
        let valid = try TokenFactory.signed(
            header: ["alg": "ES256", "kid": "ec-1"], claims: TokenFactory.claims(now: clock.now), key: key,
            algorithm: .es256)
        #expect(jwtErrorCode { _ = try verifier.verify(valid) } == nil, "a fresh ES256 token must verify")

        let parts = valid.split(separator: ".").map(String.init)
        let signature = try #require(Data(base64URLEncoded: parts[2]))
        let (r, s) = (signature.prefix(32), signature.suffix(32))
        let zero = Data(count: 32)
        let scalarRange = "FIPS 186-5 ECDSA verification accepts only 0 < r < n and 0 < s < n"
        let forged: [(String, Data, String)] = [
            ("r = 0", zero + s, scalarRange), ("s = 0", r + zero, scalarRange),
            ("r = n", p256Order + s, scalarRange), ("s = n", r + p256Order, scalarRange),
            ("63 bytes", signature.prefix(63), "RFC 7518 §3.4: an ES256 signature is exactly 64 bytes, R ‖ S"),
        ]
        for (name, bytes, reason) in forged {
            let token = parts[0] + "." + parts[1] + "." + bytes.base64URLEncodedString
            #expect(
                jwtErrorCode { _ = try verifier.verify(token) } == .invalidSignature,
                "an ES256 signature with \(name) is invalid (\(reason)); expected invalidSignature")
        }
    }

    @Test("JWK Set publishes public keys only")
    func keySetPublishesPublicKeysOnly() throws {
        let ring = KeyRing(initial: .init(keyID: "2026-01", key: try SigningKey.generate(.ecP256), algorithm: .es256))
        let keySet = try ring.keySet
        #expect(keySet.keys.count == 1, "one key in the ring gives one JWK")
        let jwk = try #require(
            keySet.keys.first, "KeyRing.keySet published no JWK; it must publish one for each key in the ring")
        #expect(jwk.kid == "2026-01", "each JWK carries its kid so verifiers can pick it")
        #expect(jwk.alg == "ES256", "each JWK carries its alg so the verifier, not the token, decides the algorithm")
        #expect(!jwk.containsPrivateMembers, "a published JWK Set must never contain the private key d")
    }

    @Test("resource service verifies tokens by kid")
    func resourceServiceVerifiesByKeyID() throws {
        let ring = KeyRing(initial: .init(keyID: "ed-1", key: try SigningKey.generate(.ed25519), algorithm: .edDSA))
        let token = try ring.sign(
            JWTClaims(
                iss: TokenFactory.issuer, sub: "ada", aud: [TokenFactory.audience],
                exp: clock.now.timeIntervalSince1970 + 60, jti: "t-1"))
        let header =
            try JSONSerialization.jsonObject(
                with: try #require(Data(base64URLEncoded: String(token.split(separator: ".")[0])))) as? [String: Any]
        #expect(header?["kid"] as? String == "ed-1", "tokens name their signing key with kid")
        #expect(header?["alg"] as? String == "EdDSA", "an Ed25519 key signs with alg EdDSA (RFC 8037 §3.1)")

        // The resource service receives only the published JWK Set, never a private key.
        let verifier = try TokenVerifier(keySet: try ring.keySet, policy: TokenFactory.policy(), clock: clock)
        #expect(try verifier.verify(token).sub == "ada", "a token of the ring verifies with its JWK Set")
    }

    @Test("rotation keeps previous tokens valid until retired")
    func rotationKeepsPreviousTokensValid() throws {
        let ring = KeyRing(
            initial: .init(keyID: "rsa-1", key: try SigningKey.generate(.rsa(bits: 2048)), algorithm: .rs256))
        let claims = JWTClaims(
            iss: TokenFactory.issuer, sub: "ada", aud: [TokenFactory.audience],
            exp: clock.now.timeIntervalSince1970 + 3600, jti: "t-1")
        let before = try ring.sign(claims)
        ring.rotate(to: .init(keyID: "ec-2", key: try SigningKey.generate(.ecP256), algorithm: .es256))
        let after = try ring.sign(claims)

        let verifier = try TokenVerifier(keySet: try ring.keySet, policy: TokenFactory.policy(), clock: clock)
        #expect(try verifier.verifySignature(after).header.kid == "ec-2", "the new key signs new tokens")
        #expect(
            jwtErrorCode { _ = try verifier.verify(before) } == nil,
            "a token of the previous key stays valid until it expires")

        ring.retire(keyID: "rsa-1")
        let retired = try TokenVerifier(keySet: try ring.keySet, policy: TokenFactory.policy(), clock: clock)
        #expect(
            jwtErrorCode { _ = try retired.verify(before) } == .unknownKey,
            "once the previous key is retired, its tokens name an unknown kid")
        #expect(jwtErrorCode { _ = try retired.verify(after) } == nil, "retiring never removes the current key")
    }
}
