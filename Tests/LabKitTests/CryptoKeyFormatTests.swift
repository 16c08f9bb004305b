import Foundation
import LabKit
import Testing

@Suite("Crypto — JWK")
struct CryptoJWKTests {
    static let keyTypes: [KeyType] = [.rsa(bits: 2048), .ecP256, .ecP384, .ed25519]

    @Test("RFC 7638 §3.1 thumbprint")
    func rfc7638Thumbprint() throws {
        let thumbprint = try RFC7638.key.thumbprint()
        #expect(thumbprint.base64URLEncodedString == RFC7638.thumbprint, "the thumbprint must match RFC 7638 §3.1")
    }

    @Test("RFC 8037 A.3 thumbprint")
    func rfc8037Thumbprint() throws {
        let thumbprint = try RFC8037.key.thumbprint()
        #expect(
            thumbprint.base64URLEncodedString == RFC8037.thumbprint,
            "the Ed25519 thumbprint must match RFC 8037 A.3, and d must not change it")
    }

    @Test("thumbprint ignores kid and private members")
    func thumbprintMembers() throws {
        let key = try SigningKey(jwk: RFC7515.ecKey)
        var published = try key.verificationKey.jwk
        let bare = try published.thumbprint()
        published.kid = "2024-key-1"
        published.use = "sig"
        #expect(try published.thumbprint() == bare, "kid and use are not part of the thumbprint (RFC 7638 §3.2)")
        #expect(try key.jwk.thumbprint() == bare, "a private JWK and its public JWK share one thumbprint")
    }

    @Test("public export has no private members", arguments: keyTypes)
    func publicExport(keyType: KeyType) throws {
        let key = try SigningKey.generate(keyType)
        let published = try key.verificationKey.jwk
        #expect(published.d == nil, "a public \(keyType) JWK must not contain d")
        #expect(!published.containsPrivateMembers, "a public \(keyType) JWK must contain no private member")
        let json = String(decoding: try published.jsonData(), as: UTF8.self)
        #expect(!json.contains("\"d\""), "the published JSON must not contain d: \(json)")
        #expect(try key.jwk.d != nil, "the private \(keyType) JWK must contain d")
    }

    @Test("private JWK round trip", arguments: keyTypes)
    func privateRoundTrip(keyType: KeyType) throws {
        let key = try SigningKey.generate(keyType)
        let jwk = try key.jwk
        let reloaded = try SigningKey(jwk: jwk)
        #expect(try reloaded.jwk == jwk, "exporting a reloaded \(keyType) key must give the same JWK")
        #expect(reloaded.keyType == keyType, "the reloaded key keeps its type")
    }

    @Test("RFC vectors export as given")
    func vectorsExport() throws {
        #expect(try SigningKey(jwk: RFC7515.rsaKey).jwk == RFC7515.rsaKey, "RFC 7515 A.2 exports unchanged")
        #expect(try SigningKey(jwk: RFC7515.ecKey).jwk == RFC7515.ecKey, "RFC 7515 A.3 exports unchanged")
        #expect(try SigningKey(jwk: RFC8037.key).jwk == RFC8037.key, "RFC 8037 A.1 exports unchanged")
        let publicRSA = try VerificationKey(jwk: JSONWebKey(kty: "RSA", n: RFC7638.key.n, e: RFC7638.key.e))
        #expect(try publicRSA.jwk.n == RFC7638.key.n, "the modulus exports in the same minimal form")
    }

    @Test("RSA JWK without CRT members")
    func rsaWithoutCRT() throws {
        var jwk = RFC7515.rsaKey
        (jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi) = (nil, nil, nil, nil, nil)
        let key = try SigningKey(jwk: jwk)
        let input = Data(RFC7515.rsaSigningInput.utf8)
        #expect(
            try key.signature(for: input, using: .rs256) == base64URL(RFC7515.rsaSignature),
            "n, e and d alone must still produce the RFC 7515 A.2 signature")

        var wrongExponent = jwk
        wrongExponent.d = try SigningKey.generate(.rsa(bits: 2048)).jwk.d
        expectCryptoError(.invalidKey, "d of another key must be rejected even without p and q") {
            try SigningKey(jwk: wrongExponent)
        }

        jwk.p = RFC7515.rsaKey.p
        expectCryptoError(.invalidKey, "p without q, dp, dq and qi must be rejected") {
            try SigningKey(jwk: jwk)
        }
    }

    @Test("JSON round trip")
    func json() throws {
        let text =
            #"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","#
            + #""y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"a","use":"sig","extra":1}"#
        let jwk = try JSONWebKey(jsonData: Data(text.utf8))
        #expect(jwk.kid == "a", "kid is read")
        #expect(jwk.x == RFC7515.ecKey.x, "x is read")
        #expect(try JSONWebKey(jsonData: try jwk.jsonData()) == jwk, "encoding and decoding keep every member")
        expectCryptoError(.invalidKey, "JSON without kty is not a JWK") {
            try JSONWebKey(jsonData: Data(#"{"crv":"P-256"}"#.utf8))
        }
    }

    @Test("key set lookup by kid")
    func keySet() throws {
        var first = try SigningKey.generate(.ed25519).verificationKey.jwk
        first.kid = try first.thumbprint().base64URLEncodedString
        let set = JSONWebKeySet(keys: [first, RFC7638.key])
        #expect(set.key(withID: "2011-04-29") == RFC7638.key, "lookup finds the key with that kid")
        #expect(set.key(withID: first.kid ?? "") == first, "a thumbprint works as a kid")
        #expect(set.key(withID: "missing") == nil, "an unknown kid finds nothing")
    }
}

@Suite("Crypto — JWK rejection")
struct CryptoJWKRejectionTests {
    @Test("private members rejected for verification")
    func privateForVerification() {
        expectCryptoError(.invalidKey, "a verification key must not be built from a private JWK") {
            try VerificationKey(jwk: RFC7515.ecKey)
        }
    }

    @Test("EC point off the curve")
    func pointOffCurve() throws {
        var jwk = JSONWebKey(kty: "EC", crv: "P-256", x: RFC7515.ecKey.x, y: RFC7515.ecKey.y)
        var y = try base64URL(try #require(jwk.y))
        y[31] ^= 0x01
        jwk.y = y.base64URLEncodedString
        expectCryptoError(.invalidKey, "a point that is not on P-256 must be rejected") {
            try VerificationKey(jwk: jwk)
        }
    }

    @Test("EC private scalar for another point")
    func mismatchedScalar() throws {
        var jwk = RFC7515.ecKey
        jwk.d = try SigningKey.generate(.ecP256).jwk.d
        expectCryptoError(.invalidKey, "d that does not belong to x and y must be rejected") {
            try SigningKey(jwk: jwk)
        }
    }

    @Test("Ed25519 x that does not match d")
    func mismatchedEd25519() throws {
        var jwk = RFC8037.key
        jwk.x = try SigningKey.generate(.ed25519).verificationKey.jwk.x
        expectCryptoError(.invalidKey, "x that is not the public key of d must be rejected") {
            try SigningKey(jwk: jwk)
        }
    }

    @Test(
        "malformed members",
        arguments: [
            JSONWebKey(kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE", y: RFC7515.ecKey.y),
            JSONWebKey(kty: "EC", crv: "P-256", x: RFC7515.ecKey.x),
            JSONWebKey(kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU=", y: RFC7515.ecKey.y),
            JSONWebKey(kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR+"),
            JSONWebKey(kty: "RSA", e: "AQAB"),
        ])
    func malformed(jwk: JSONWebKey) {
        expectCryptoError(.invalidKey, "a JWK with a short, missing or non-base64url member must be rejected") {
            try VerificationKey(jwk: jwk)
        }
    }

    @Test(
        "unsupported key types",
        arguments: [
            JSONWebKey(kty: "oct"),
            JSONWebKey(kty: "EC", crv: "P-521", x: "AA", y: "AA"),
            JSONWebKey(kty: "EC", crv: "secp256k1", x: "AA", y: "AA"),
            JSONWebKey(kty: "OKP", crv: "X25519", x: "AA"),
        ])
    func unsupported(jwk: JSONWebKey) {
        expectCryptoError(.unsupportedAlgorithm, "kty \(jwk.kty) crv \(jwk.crv ?? "-") is not supported") {
            try VerificationKey(jwk: jwk)
        }
    }
}

@Suite("Crypto — PEM")
struct CryptoPEMTests {
    @Test("PEM and JWK round trip", arguments: CryptoJWKTests.keyTypes)
    func roundTrip(keyType: KeyType) throws {
        let key = try SigningKey.generate(keyType)
        let privatePEM = try key.pemRepresentation
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----"), "private keys export as PKCS#8")
        let reloaded = try SigningKey(pemRepresentation: privatePEM)
        #expect(try reloaded.jwk == key.jwk, "PEM → key → JWK must give the original \(keyType) JWK")

        let publicPEM = try key.verificationKey.pemRepresentation
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"), "public keys export as SubjectPublicKeyInfo")
        let publicKey = try VerificationKey(pemRepresentation: publicPEM)
        #expect(try publicKey.jwk == key.verificationKey.jwk, "public PEM → key → JWK must match")

        let fromJWK = try SigningKey(jwk: try key.jwk)
        #expect(try fromJWK.pemRepresentation == privatePEM, "JWK → key → PEM must give the same PEM")
    }

    @Test("JWK vector to PEM and back")
    func vectorToPEM() throws {
        let pem = try SigningKey(jwk: RFC7515.rsaKey).pemRepresentation
        #expect(try SigningKey(pemRepresentation: pem).jwk == RFC7515.rsaKey, "the RFC 7515 A.2 key survives PEM")
    }

    @Test("private PEM rejected for verification")
    func privateForVerification() throws {
        let pem = try SigningKey.generate(.ecP256).pemRepresentation
        expectCryptoError(.invalidKey, "a private key PEM must not load as a verification key") {
            try VerificationKey(pemRepresentation: pem)
        }
        let publicPEM = try SigningKey.generate(.ecP256).verificationKey.pemRepresentation
        expectCryptoError(.invalidKey, "a public key PEM must not load as a signing key") {
            try SigningKey(pemRepresentation: publicPEM)
        }
    }

    @Test("encrypted PEM rejected with a fix")
    func encrypted() throws {
        let pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"
        let error = #expect(throws: CryptoError.self, "an encrypted key cannot be read without a passphrase") {
            try SigningKey(pemRepresentation: pem)
        }
        #expect(error?.code == .invalidKey, "encryption is reported as an invalid key")
        #expect(error?.message.contains("openssl pkey") == true, "the message names the command that decrypts it")
    }

    @Test(
        "text that is not PEM",
        arguments: ["", "hello", "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n"])
    func notPEM(text: String) {
        expectCryptoError(.invalidKey, "text that is not a PEM key must be rejected") {
            try SigningKey(pemRepresentation: text)
        }
    }
}

@Suite("Crypto — base64url")
struct CryptoBase64URLTests {
    @Test("decodes unpadded base64url")
    func decodes() {
        #expect(Data(base64URLEncoded: "-_8") == Data([0xfb, 0xff]), "- and _ stand for + and /")
        #expect(Data(base64URLEncoded: "") == Data(), "the empty string is zero bytes")
        #expect(Data(base64URLEncoded: "AQAB") == Data([1, 0, 1]), "AQAB is the exponent 65537")
    }

    @Test("rejects other alphabets and padding", arguments: ["+/8", "-_8=", "AQ AB", "A", "é"])
    func rejects(text: String) {
        #expect(Data(base64URLEncoded: text) == nil, "\"\(text)\" is not unpadded base64url")
    }
}

@Suite("Crypto — JWK description")
struct CryptoJWKDescriptionTests {
    @Test("description leaves out d")
    func redacted() throws {
        let text = String(describing: RFC7515.ecKey)
        let d = try #require(RFC7515.ecKey.d)
        #expect(!text.contains(d), "printing a private JWK must not reveal d: \(text)")
        #expect(text.contains("P-256"), "the description names the curve: \(text)")
        #expect(text.contains("redacted"), "the description says private members were left out: \(text)")
    }
}
