import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 3 — Asymmetric tokens and key sets (hidden)")
struct HiddenPart3KeySets {
    let clock = ManualClock()

    private var claims: JWTClaims {
        JWTClaims(
            iss: TokenFactory.issuer, sub: "ada", aud: [TokenFactory.audience],
            exp: clock.now.timeIntervalSince1970 + 600, jti: "t-1")
    }

    @Test("rotated ring publishes every key")
    func rotatedRingPublishesEveryKey() throws {
        let ring = KeyRing(
            initial: .init(keyID: "rsa-1", key: try SigningKey.generate(.rsa(bits: 2048)), algorithm: .rs256))
        var tokens = [try ring.sign(claims)]
        ring.rotate(to: .init(keyID: "ec-2", key: try SigningKey.generate(.ecP256), algorithm: .es256))
        tokens.append(try ring.sign(claims))
        ring.rotate(to: .init(keyID: "ed-3", key: try SigningKey.generate(.ed25519), algorithm: .edDSA))
        tokens.append(try ring.sign(claims))

        let keySet = try ring.keySet
        let published = Dictionary(uniqueKeysWithValues: keySet.keys.map { ($0.kid ?? "", $0) })
        #expect(Set(published.keys) == ["rsa-1", "ec-2", "ed-3"], "every key of the ring is published by its kid")
        #expect(published["rsa-1"]?.alg == "RS256", "the RSA key is published with its own alg")
        #expect(published["ec-2"]?.alg == "ES256", "the P-256 key is published with its own alg")
        #expect(published["ed-3"]?.alg == "EdDSA", "the Ed25519 key is published with its own alg")
        #expect(keySet.keys.allSatisfy { $0.use == "sig" }, "each published key says use: sig (RFC 7517 §4.2)")
        #expect(
            keySet.keys.allSatisfy { !$0.containsPrivateMembers },
            "no key of any type may publish private members (d, p, q, dp, dq, qi)")

        let verifier = try TokenVerifier(keySet: keySet, policy: TokenFactory.policy(), clock: clock)
        for (index, token) in tokens.enumerated() {
            let jws = try verifier.verifySignature(token)
            #expect(jws.header.typ == "JWT", "token \(index + 1) has typ JWT in its header")
            #expect(try verifier.verify(token).sub == "ada", "token \(index + 1) verifies with the published set")
        }
    }

    @Test("DER-encoded ES256 signature is rejected")
    func derEncodedECDSASignatureIsRejected() throws {
        let key = try SigningKey.generate(.ecP256)
        let verifier = TokenVerifier(
            keys: ["ec-1": .publicKey(key.verificationKey, .es256)], policy: TokenFactory.policy(), clock: clock)
        let valid = try TokenFactory.signed(
            header: ["alg": "ES256", "kid": "ec-1"], claims: TokenFactory.claims(now: clock.now), key: key,
            algorithm: .es256)
        #expect(try verifier.verify(valid).sub == "ada", "a fresh ES256 token with an R ‖ S signature verifies")

        let parts = valid.split(separator: ".").map(String.init)
        let raw = try #require(Data(base64URLEncoded: parts[2]))
        let der = Self.derSignature(r: raw.prefix(32), s: raw.suffix(32))
        let token = parts[0] + "." + parts[1] + "." + der.base64URLEncodedString
        #expect(
            jwtErrorCode { _ = try verifier.verify(token) } == .invalidSignature,
            "RFC 7518 §3.4: an ES256 signature is the 64-byte R ‖ S, so the same signature in DER must be invalidSignature"
        )
    }

    /// Encodes an ECDSA signature as the DER `SEQUENCE { INTEGER r, INTEGER s }` of X9.62.
    private static func derSignature(r: Data, s: Data) -> Data {
        func integer(_ bytes: Data) -> Data {
            var value = Data(bytes.drop { $0 == 0 })
            if value.isEmpty || value[value.startIndex] & 0x80 != 0 {
                value.insert(0, at: value.startIndex)
            }
            return Data([0x02, UInt8(value.count)]) + value
        }
        let body = integer(r) + integer(s)
        return Data([0x30, UInt8(body.count)]) + body
    }
}
