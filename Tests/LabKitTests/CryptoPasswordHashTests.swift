import Foundation
import LabKit
import Testing

@Suite("Crypto — key derivation")
struct CryptoKeyDerivationTests {
    @Test("RFC 7914 PBKDF2-HMAC-SHA-256 vectors", arguments: RFC7914.pbkdf2Cases)
    func pbkdf2(testCase: RFC7914.PBKDF2Case) async throws {
        // The slow vectors run on a thread of their own, so that socket tests are not starved.
        let derived = try await onOwnThread {
            try KeyDerivation.pbkdf2(
                password: Data(testCase.password.utf8), salt: Data(testCase.salt.utf8),
                iterations: testCase.iterations, byteCount: 64)
        }
        #expect(derived.hexString == testCase.expected, "PBKDF2 of \(testCase) must match RFC 7914 §11")
    }

    @Test("RFC 7914 scrypt vectors", arguments: RFC7914.scryptCases)
    func scrypt(testCase: RFC7914.ScryptCase) async throws {
        let derived = try await onOwnThread {
            try KeyDerivation.scrypt(
                password: Data(testCase.password.utf8), salt: Data(testCase.salt.utf8),
                n: testCase.n, r: testCase.r, p: testCase.p, byteCount: 64)
        }
        #expect(derived.hexString == testCase.expected, "scrypt of \(testCase) must match RFC 7914 §12")
    }

    @Test("scrypt rejects n that is not a power of two", arguments: [0, 1, 3, 1000])
    func scryptCost(n: Int) {
        expectCryptoError(.invalidParameter, "scrypt's n must be a power of two above 1") {
            try KeyDerivation.scrypt(
                password: Data("pw".utf8), salt: Data("salt".utf8), n: n, r: 8, p: 1, byteCount: 32)
        }
    }

    @Test("PBKDF2 rejects zero iterations")
    func pbkdf2Iterations() {
        expectCryptoError(.invalidParameter, "PBKDF2 needs at least one iteration") {
            try KeyDerivation.pbkdf2(password: Data("pw".utf8), salt: Data("salt".utf8), iterations: 0, byteCount: 32)
        }
    }
}

@Suite("Crypto — password hash")
struct CryptoPasswordHashTests {
    /// Parameters far below the recommended ones, so that most tests run in milliseconds.
    static let fastScrypt = PasswordHash.Parameters.scrypt(log2N: 10, r: 8, p: 1)
    static let fastPBKDF2 = PasswordHash.Parameters.pbkdf2SHA256(iterations: 1000)

    @Test("recommended parameters follow OWASP")
    func recommended() {
        #expect(PasswordHash.Parameters.recommended == .scrypt(log2N: 17, r: 8, p: 1), "OWASP: scrypt N=2^17, r=8, p=1")
        #expect(PasswordHash.Parameters.recommendedPBKDF2 == .pbkdf2SHA256(iterations: 600_000), "OWASP: 600,000")
    }

    @Test("default hash matches its password")
    func defaultHash() async throws {
        // Each default scrypt hash takes about a second of CPU, so it runs off the shared
        // threads that socket tests need meanwhile.
        let hash = try await onOwnThread { try PasswordHash(hashing: "correct horse battery staple") }
        #expect(hash.encoded.hasPrefix("$scrypt$ln=17,r=8,p=1$"), "new hashes use the recommended scrypt parameters")
        let matches = try await onOwnThread { try hash.matches("correct horse battery staple") }
        let otherMatches = try await onOwnThread { try hash.matches("correct horse battery stapler") }
        #expect(matches, "the original password must match")
        #expect(!otherMatches, "a different password must not match")
        #expect(!hash.needsRehash(), "a hash made with the recommended parameters needs no rehash")
    }

    @Test("round trip through the stored string", arguments: [fastScrypt, fastPBKDF2])
    func roundTrip(parameters: PasswordHash.Parameters) throws {
        let hash = try PasswordHash(hashing: "pässwörd", parameters: parameters)
        let parsed = try PasswordHash(parsing: hash.encoded)
        #expect(parsed == hash, "parsing the stored string must give back the same hash")
        #expect(try parsed.matches("pässwörd"), "the parsed hash must match the password")
        #expect(try !parsed.matches("passwort"), "the parsed hash must reject another password")
        #expect(hash.salt.count == 16, "new salts are 16 bytes")
        #expect(hash.hash.count == 32, "new hashes are 32 bytes")
    }

    @Test("salt is random per hash")
    func randomSalt() throws {
        let first = try PasswordHash(hashing: "same", parameters: Self.fastScrypt)
        let second = try PasswordHash(hashing: "same", parameters: Self.fastScrypt)
        #expect(first.salt != second.salt, "two hashes of one password must get different salts")
        #expect(first.encoded != second.encoded, "so their stored strings differ too")
    }

    @Test("known stored strings verify")
    func knownStrings() throws {
        // Salt "saltsaltsaltsalt"; each hash is the output of Python's hashlib for the
        // same password, salt and parameters (hashlib.scrypt and hashlib.pbkdf2_hmac).
        let scrypt = try PasswordHash(
            parsing: "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4")
        #expect(try scrypt.matches("hunter2"), "an scrypt string from another implementation must verify")
        let pbkdf2 = try PasswordHash(
            parsing: "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$RilxBxnvGa3JIyaXwlUUKmvuPzxjHerJeqIuhiIvKNU")
        #expect(try pbkdf2.matches("hunter2"), "a PBKDF2 string from another implementation must verify")
    }

    @Test("needsRehash flags weaker parameters")
    func needsRehash() throws {
        let weak = try PasswordHash(hashing: "pw", parameters: Self.fastScrypt)
        #expect(weak.needsRehash(), "ln=10 is below the recommended ln=17")
        #expect(!weak.needsRehash(for: Self.fastScrypt), "a hash meets the parameters it was made with")
        #expect(
            !weak.needsRehash(for: .scrypt(log2N: 9, r: 8, p: 1)), "a hash stronger than the target is kept")

        let pbkdf2 = try PasswordHash(hashing: "pw", parameters: Self.fastPBKDF2)
        #expect(pbkdf2.needsRehash(for: Self.fastScrypt), "another function always needs a rehash")
        #expect(pbkdf2.needsRehash(for: .pbkdf2SHA256(iterations: 2000)), "fewer iterations than the target")
    }

    @Test(
        "malformed strings are rejected",
        arguments: [
            "",
            "scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$r=8,ln=10,p=1$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$ln=010,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$ln=10,r=8,p=1$not*base64$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$ln=10,r=8,p=1$c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$scrypt$ln=28,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$v/uBvjpkrv4+RPlRbT7o/v0/ucpdIQIN3+rMqzxpxj4",
            "$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0c2FsdA$RilxBxnvGa3JIyaXwlUUKmvuPzxjHerJeqIuhiIvKNU",
            "$pbkdf2-sha256$i=99999999$c2FsdHNhbHRzYWx0c2FsdA$RilxBxnvGa3JIyaXwlUUKmvuPzxjHerJeqIuhiIvKNU",
        ])
    func malformed(encoded: String) {
        expectCryptoError(.invalidPasswordHash, "\"\(encoded)\" must be rejected") {
            try PasswordHash(parsing: encoded)
        }
    }
}
