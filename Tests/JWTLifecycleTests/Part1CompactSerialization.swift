import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 1 — Compact serialization")
struct Part1CompactSerialization {
    @Test("base64url round trip without padding")
    func base64URLRoundTrip() throws {
        // RFC 4648 §10 test vectors, in the URL-safe alphabet and with the padding removed.
        let cases = [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")]
        for (plain, encoded) in cases {
            #expect(Base64URL.encode(Data(plain.utf8)) == encoded, "\"\(plain)\" encodes as \(encoded), unpadded")
            #expect(try Base64URL.decode(encoded) == Data(plain.utf8), "\(encoded) decodes to \"\(plain)\"")
        }
        #expect(Base64URL.encode(Data([0xfb, 0xff])) == "-_8", "bytes 0xfb 0xff use - and _ instead of + and /")
    }

    @Test(
        "base64url rejects padding and other alphabets", arguments: ["Zg==", "Zm8=", "+_8", "/w", "Zm 9v", "Z", "Zh"])
    func base64URLRejectsNonCanonicalText(text: String) throws {
        #expect(try Base64URL.decode("Zm9v") == Data("foo".utf8), "valid base64url must still decode")
        #expect(
            jwtErrorCode { _ = try Base64URL.decode(text) } == .malformed,
            "\(text) is padded, uses the standard alphabet, has a 1-mod-4 length or non-zero unused bits; reject it as malformed"
        )
    }

    @Test("RFC 7515 A.1 token parses")
    func rfcTokenParses() throws {
        let jws = try CompactJWS(parsing: RFC7515HS256.token)
        #expect(jws.header.alg == "HS256", "the A.1 header says alg HS256")
        #expect(jws.header.typ == "JWT", "the A.1 header says typ JWT")
        #expect(jws.payload == RFC7515HS256.payload, "the payload must be the exact A.1 bytes, CR LF included")
        let claims = try jws.claims()
        #expect(claims.iss == "joe", "the A.1 claims set has iss joe")
        #expect(claims.exp == 1_300_819_380, "the A.1 claims set has exp 1300819380")
        let input = RFC7515HS256.token.split(separator: ".").prefix(2).joined(separator: ".")
        #expect(
            jws.signingInput == Data(input.utf8), "the signing input is the first two segments as sent, joined by .")
    }

    @Test(
        "malformed compact tokens are rejected",
        arguments: ["a.b", "a.b.c.d", "", "..", "e30.e30", "bm90IGpzb24.e30.AA"])
    func malformedTokensAreRejected(token: String) throws {
        _ = try CompactJWS(parsing: RFC7515HS256.token)
        #expect(
            jwtErrorCode { _ = try CompactJWS(parsing: token) } == .malformed,
            "\"\(token)\" is not three base64url segments with a JSON header carrying alg")
    }

    @Test("HS256 reproduces RFC 7515 A.1 signature")
    func hs256ReproducesRFCSignature() throws {
        let key = try #require(Data(base64URLEncoded: RFC7515HS256.key))
        let token = HS256.sign(header: RFC7515HS256.header, payload: RFC7515HS256.payload, secret: key)
        #expect(
            token == RFC7515HS256.token,
            "HMAC-SHA-256 is deterministic: signing the exact A.1 header and payload bytes must give the published token"
        )
    }

    @Test("HS256 verifies A.1 and rejects a tampered copy")
    func hs256VerifiesRFCToken() throws {
        let key = try #require(Data(base64URLEncoded: RFC7515HS256.key))
        let jws = try HS256.verify(RFC7515HS256.token, secret: key)
        #expect(jws.header.alg == "HS256", "the A.1 token verifies with its published key")

        var parts = RFC7515HS256.token.split(separator: ".").map(String.init)
        parts[1] =
            Data("{\"iss\":\"joe\",\"exp\":1300819380,\"http://example.com/is_root\":false}".utf8)
            .base64URLEncodedString
        #expect(
            jwtErrorCode { _ = try HS256.verify(parts.joined(separator: "."), secret: key) } == .invalidSignature,
            "a changed payload must not verify under the original signature")
        #expect(
            jwtErrorCode { _ = try HS256.verify(RFC7515HS256.token, secret: Data("wrong key".utf8)) }
                == .invalidSignature,
            "the A.1 token must not verify with another key")
    }
}
