import Foundation
import LabKit
import Testing

@Suite("Crypto — published signatures")
struct CryptoPublishedSignatureTests {
    @Test("RFC 7515 A.2 RS256")
    func rs256() throws {
        let key = try SigningKey(jwk: RFC7515.rsaKey)
        let input = Data(RFC7515.rsaSigningInput.utf8)
        let published = try base64URL(RFC7515.rsaSignature)

        #expect(key.keyType == .rsa(bits: 2048), "the RFC's RSA key is 2048 bits")
        #expect(
            try key.verificationKey.isValidSignature(published, for: input, using: .rs256),
            "the RFC's RS256 signature must verify under its key")
        #expect(
            try key.signature(for: input, using: .rs256) == published,
            "PKCS#1 v1.5 is deterministic, so signing the RFC's input must reproduce its signature")
    }

    @Test("RFC 7515 A.3 ES256")
    func es256() throws {
        let key = try SigningKey(jwk: RFC7515.ecKey)
        let input = Data(RFC7515.ecSigningInput.utf8)
        let published = try base64URL(RFC7515.ecSignature)

        #expect(
            try key.verificationKey.isValidSignature(published, for: input, using: .es256),
            "the RFC's ES256 signature (R ‖ S) must verify under its key")
        let signature = try key.signature(for: input, using: .es256)
        #expect(signature.count == 64, "an ES256 signature is 64 bytes of R ‖ S, not DER")
        #expect(
            try key.verificationKey.isValidSignature(signature, for: input, using: .es256),
            "a new signature over the RFC's input must verify too")
    }

    @Test("RFC 8037 A.4 Ed25519")
    func ed25519() throws {
        let key = try SigningKey(jwk: RFC8037.key)
        let input = Data(RFC8037.signingInput.utf8)
        let published = try base64URL(RFC8037.signature)

        #expect(
            try key.verificationKey.isValidSignature(published, for: input, using: .edDSA),
            "the RFC's EdDSA signature must verify under its key")
        #expect(
            try key.signature(for: input, using: .edDSA) == published,
            "Ed25519 is deterministic, so signing the RFC's input must reproduce its signature")
    }

    @Test("public JWKs alone verify")
    func publicJWKs() throws {
        let cases: [(JSONWebKey, String, String, SignatureAlgorithm)] = [
            (RFC7515.rsaKey, RFC7515.rsaSigningInput, RFC7515.rsaSignature, .rs256),
            (RFC7515.ecKey, RFC7515.ecSigningInput, RFC7515.ecSignature, .es256),
            (RFC8037.key, RFC8037.signingInput, RFC8037.signature, .edDSA),
        ]
        for (jwk, input, signature, algorithm) in cases {
            let key = try VerificationKey(jwk: publicMembers(of: jwk))
            #expect(
                try key.isValidSignature(try base64URL(signature), for: Data(input.utf8), using: algorithm),
                "the published \(algorithm.rawValue) signature must verify with the public members only")
            #expect(
                try !key.isValidSignature(try base64URL(signature), for: Data((input + "x").utf8), using: algorithm),
                "the published \(algorithm.rawValue) signature must fail on a changed input")
        }
    }

    private func publicMembers(of jwk: JSONWebKey) -> JSONWebKey {
        JSONWebKey(kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e)
    }
}

@Suite("Crypto — signing and verification")
struct CryptoSignatureTests {
    static let pairs: [(KeyType, SignatureAlgorithm)] = [
        (.rsa(bits: 2048), .rs256), (.rsa(bits: 2048), .rs384), (.rsa(bits: 2048), .rs512),
        (.ecP256, .es256), (.ecP384, .es384), (.ed25519, .edDSA),
    ]

    @Test("generated keys sign and verify", arguments: pairs)
    func roundTrip(keyType: KeyType, algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(keyType)
        let message = Data("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9".utf8)
        let signature = try key.signature(for: message, using: algorithm)

        #expect(key.keyType == keyType, "the generated key has the requested type")
        #expect(
            try key.verificationKey.isValidSignature(signature, for: message, using: algorithm),
            "a \(algorithm.rawValue) signature must verify under the matching public key")
        #expect(
            try !key.verificationKey.isValidSignature(signature, for: message + [0x2e], using: algorithm),
            "a \(algorithm.rawValue) signature must fail on a changed message")

        let other = try SigningKey.generate(keyType)
        #expect(
            try !other.verificationKey.isValidSignature(signature, for: message, using: algorithm),
            "a \(algorithm.rawValue) signature must fail under another key")
    }

    @Test("empty message signs", arguments: [(KeyType.ecP256, SignatureAlgorithm.es256), (.ed25519, .edDSA)])
    func emptyMessage(keyType: KeyType, algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(keyType)
        let signature = try key.signature(for: Data(), using: algorithm)
        #expect(
            try key.verificationKey.isValidSignature(signature, for: Data(), using: algorithm),
            "a signature over zero bytes must verify")
    }

    @Test("algorithm must fit the key")
    func algorithmMismatch() throws {
        let ecKey = try SigningKey.generate(.ecP256)
        expectCryptoError(.algorithmMismatch, "RS256 with an EC key must be rejected") {
            try ecKey.signature(for: Data("m".utf8), using: .rs256)
        }
        expectCryptoError(.algorithmMismatch, "ES384 needs a P-384 key, not P-256") {
            try ecKey.signature(for: Data("m".utf8), using: .es384)
        }
        let edKey = try SigningKey.generate(.ed25519)
        expectCryptoError(.algorithmMismatch, "verifying ES256 with an Ed25519 key must be rejected") {
            try edKey.verificationKey.isValidSignature(Data(count: 64), for: Data("m".utf8), using: .es256)
        }
    }

    @Test("RSA under 2048 bits is weak")
    func weakRSA() throws {
        expectCryptoError(.weakKey, "generating RSA-1024 must be rejected") {
            try SigningKey.generate(.rsa(bits: 1024))
        }
        // A 1024-bit modulus: the first 128 bytes of the RFC 7515 A.2 modulus. Its size is
        // checked before anything else, so its other properties do not matter here.
        let modulus = try base64URL(try #require(RFC7515.rsaKey.n)).prefix(128)
        let jwk = JSONWebKey(kty: "RSA", n: Data(modulus).base64URLEncodedString, e: "AQAB")
        expectCryptoError(.weakKey, "a 1024-bit RSA JWK must be rejected") {
            try VerificationKey(jwk: jwk)
        }
    }

    @Test("KeyType names and sizes")
    func keyTypes() throws {
        #expect(KeyType.minimumRSABits == 2048, "RFC 7518 §3.3 requires 2048-bit RSA keys or larger")
        #expect(try SigningKey(jwk: RFC7515.ecKey).keyType == .ecP256, "the RFC 7515 A.3 key is on P-256")
        #expect(try SigningKey(jwk: RFC8037.key).keyType == .ed25519, "the RFC 8037 key is Ed25519")
    }
}

@Suite("Crypto — malformed signatures")
struct CryptoMalformedSignatureTests {
    static let p256Order = Data(hex: CurveOrder.p256) ?? Data()
    static let p384Order = Data(hex: CurveOrder.p384) ?? Data()

    let key: VerificationKey
    let input = Data(RFC7515.ecSigningInput.utf8)
    let published: Data

    init() throws {
        key = try SigningKey(jwk: RFC7515.ecKey).verificationKey
        published = try base64URL(RFC7515.ecSignature)
    }

    var r: Data { published.prefix(32) }
    var s: Data { published.suffix(32) }

    @Test("ES256 r or s of zero")
    func zero() {
        expectCryptoError(.invalidSignatureEncoding, "r = 0 must be rejected before verification") {
            try key.isValidSignature(Data(count: 32) + s, for: input, using: .es256)
        }
        expectCryptoError(.invalidSignatureEncoding, "s = 0 must be rejected before verification") {
            try key.isValidSignature(r + Data(count: 32), for: input, using: .es256)
        }
    }

    @Test("ES256 r or s not below n")
    func outOfRange() throws {
        let order = Self.p256Order
        try #require(order.count == 32, "the P-256 order vector is 32 bytes")
        let allOnes = Data(repeating: 0xff, count: 32)
        expectCryptoError(.invalidSignatureEncoding, "s = n must be rejected") {
            try key.isValidSignature(r + order, for: input, using: .es256)
        }
        expectCryptoError(.invalidSignatureEncoding, "s = 2^256 − 1 > n must be rejected") {
            try key.isValidSignature(r + allOnes, for: input, using: .es256)
        }
        expectCryptoError(.invalidSignatureEncoding, "r = n must be rejected") {
            try key.isValidSignature(order + s, for: input, using: .es256)
        }

        // n − 1 is the largest value in range, so it passes the range check and the
        // signature then fails verification as an ordinary mismatch.
        var belowOrder = order
        belowOrder[31] -= 1
        #expect(
            try !key.isValidSignature(r + belowOrder, for: input, using: .es256),
            "s = n − 1 is in range, so it is checked and fails as an ordinary mismatch")
    }

    @Test("ES256 signatures are malleable")
    func malleable() throws {
        // If (r, s) is valid then so is (r, n − s), because −s leads to the same point's x
        // coordinate. JOSE accepts both, which is why a token must not be identified by its
        // signature bytes.
        let flipped = subtract(s, from: Self.p256Order)
        #expect(flipped != s, "n − s differs from s")
        #expect(
            try key.isValidSignature(r + flipped, for: input, using: .es256),
            "(r, n − s) must verify like the published (r, s)")
    }

    @Test("ES256 wrong length", arguments: [0, 63, 65, 70, 96])
    func wrongLength(length: Int) {
        let signature = Data((published + published + published).prefix(length))
        expectCryptoError(.invalidSignatureEncoding, "a \(length)-byte ES256 signature must be rejected") {
            try key.isValidSignature(signature, for: input, using: .es256)
        }
    }

    @Test("ES256 DER form rejected")
    func derForm() throws {
        // OpenSSL's own DER encoding is 70–72 bytes; JWS must not accept it (RFC 7518 §3.4).
        let der = derEncoding(r: r, s: s)
        expectCryptoError(.invalidSignatureEncoding, "a DER ECDSA signature is not a JWS signature") {
            try key.isValidSignature(der, for: input, using: .es256)
        }
    }

    @Test("ES384 s not below n")
    func es384OutOfRange() throws {
        let key384 = try SigningKey.generate(.ecP384)
        let signature = try key384.signature(for: input, using: .es384)
        let order = Self.p384Order
        try #require(order.count == 48, "the P-384 order vector is 48 bytes")
        expectCryptoError(.invalidSignatureEncoding, "ES384 s = n must be rejected") {
            try key384.verificationKey.isValidSignature(signature.prefix(48) + order, for: input, using: .es384)
        }
    }

    @Test("RSA and Ed25519 wrong length")
    func otherLengths() throws {
        let rsa = try SigningKey(jwk: RFC7515.rsaKey).verificationKey
        let rsaSignature = try base64URL(RFC7515.rsaSignature)
        expectCryptoError(.invalidSignatureEncoding, "an RS256 signature one byte short must be rejected") {
            try rsa.isValidSignature(rsaSignature.dropLast(), for: Data(RFC7515.rsaSigningInput.utf8), using: .rs256)
        }
        let ed = try SigningKey(jwk: RFC8037.key).verificationKey
        let edSignature = try base64URL(RFC8037.signature)
        expectCryptoError(.invalidSignatureEncoding, "a 65-byte EdDSA signature must be rejected") {
            try ed.isValidSignature(edSignature + [0], for: Data(RFC8037.signingInput.utf8), using: .edDSA)
        }
    }
}

/// Returns `minuend − subtrahend` for two big-endian numbers of equal length, with `minuend` the larger.
func subtract(_ subtrahend: Data, from minuend: Data) -> Data {
    let left = Array(minuend)
    let right = Array(subtrahend)
    var result = [UInt8](repeating: 0, count: left.count)
    var borrow = 0
    for index in stride(from: left.count - 1, through: 0, by: -1) {
        let difference = Int(left[index]) - Int(right[index]) - borrow
        borrow = difference < 0 ? 1 : 0
        result[index] = UInt8(difference + 256 * borrow)
    }
    return Data(result)
}

/// Encodes `(r, s)` as the DER SEQUENCE of two INTEGERs (RFC 3279 §2.2.3), written
/// independently of the kit so that tests can compare against it.
func derEncoding(r: Data, s: Data) -> Data {
    func integer(_ value: Data) -> Data {
        var bytes = Data(value.drop { $0 == 0 })
        if bytes.isEmpty || bytes[bytes.startIndex] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return Data([0x02, UInt8(bytes.count)]) + bytes
    }
    let body = integer(r) + integer(s)
    let length = body.count < 128 ? Data([UInt8(body.count)]) : Data([0x81, UInt8(body.count)])
    return Data([0x30]) + length + body
}
