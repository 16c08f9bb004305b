import Foundation
import LabKit
import Testing

@Suite("Crypto — HMAC")
struct CryptoHMACTests {
    @Test("RFC 4231 vectors", arguments: RFC4231.cases)
    func rfc4231(testCase: RFC4231.TestCase) throws {
        let key = try #require(Data(hex: testCase.key), "the vector's key is hexadecimal")
        let data = try #require(Data(hex: testCase.data), "the vector's data is hexadecimal")
        let expected: [(Digest, String)] = [
            (.sha256, testCase.sha256), (.sha384, testCase.sha384), (.sha512, testCase.sha512),
        ]
        for (digest, code) in expected {
            let computed = HMAC.authenticationCode(for: data, key: key, digest: digest)
            let compared = testCase.truncatedByteCount.map { computed.prefix($0) } ?? computed
            #expect(compared.hexString == code, "HMAC-\(digest) of \(testCase) must match RFC 4231")
        }
    }

    @Test("code length equals digest length", arguments: Digest.allCases)
    func codeLength(digest: Digest) {
        let code = HMAC.authenticationCode(for: Data("message".utf8), key: Data("key".utf8), digest: digest)
        #expect(code.count == digest.byteCount, "an HMAC is as long as its digest's output")
    }

    @Test("empty key and message")
    func emptyInputs() {
        // HMAC-SHA-256 with an empty key over an empty message, as computed by
        // `openssl mac -digest SHA256 -macopt hexkey: HMAC </dev/null`.
        let code = HMAC.authenticationCode(for: Data(), key: Data())
        #expect(code.hexString == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("validation accepts only the exact code")
    func validation() {
        let key = SecureBytes.random(count: 32)
        let message = Data("header.payload".utf8)
        var code = HMAC.authenticationCode(for: message, key: key)
        #expect(HMAC.isValidAuthenticationCode(code, for: message, key: key), "the code just computed must be valid")

        code[0] ^= 0x01
        #expect(!HMAC.isValidAuthenticationCode(code, for: message, key: key), "a code with one flipped bit is invalid")
        #expect(
            !HMAC.isValidAuthenticationCode(code.prefix(16), for: message, key: key),
            "a truncated code is invalid")
    }
}
