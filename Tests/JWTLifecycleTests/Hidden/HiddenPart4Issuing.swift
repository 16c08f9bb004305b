import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 4 — Issuing access and refresh tokens (hidden)")
struct HiddenPart4Issuing {
    @Test("issuing follows the configuration")
    func issuingFollowsConfiguration() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        let clock = ManualClock()
        let parameters = PasswordHash.Parameters.pbkdf2SHA256(iterations: 1_200)
        let configuration = ServiceConfiguration(
            issuer: "https://login.example.test", audience: "inventory", accessTokenLifetime: 600,
            refreshTokenLifetime: 1_800, passwordParameters: parameters)
        let ring = KeyRing(initial: .init(keyID: "ed-7", key: try SigningKey.generate(.ed25519), algorithm: .edDSA))
        let service = try AuthorizationService(
            database: try SQLiteDatabase(path: path), keyRing: ring, configuration: configuration, clock: clock)

        try service.register(username: "grace", password: "a long and unusual passphrase")
        let stored = try service.database.query("SELECT password_hash FROM users WHERE username = 'grace'")
        let hash = try PasswordHash(parsing: try #require(stored.first?["password_hash"].text))
        #expect(
            hash.parameters == parameters, "the password is hashed with the configured parameters, not a fixed cost")

        let pair = try service.login(username: "grace", password: "a long and unusual passphrase")
        let now = clock.now.timeIntervalSince1970
        let access = try ServiceFixture.unverifiedClaims(pair.accessToken)
        let refresh = try ServiceFixture.unverifiedClaims(pair.refreshToken)
        #expect(access["iss"] as? String == "https://login.example.test", "iss is the configured issuer")
        #expect(access["aud"] as? String == "inventory", "the access token's aud is the configured audience")
        #expect(access["iat"] as? Double == now, "iat is the injected clock's time")
        #expect(access["exp"] as? Double == now + 600, "the access token lives the configured 600 s")
        #expect(refresh["aud"] as? String == "https://login.example.test", "the refresh token's aud is the issuer")
        #expect(refresh["exp"] as? Double == now + 1_800, "the refresh token lives the configured 1,800 s")
        #expect(pair.expiresIn == 600, "expires_in is the configured access token lifetime")

        let claims = try service.accessTokenVerifier().verify(pair.accessToken)
        #expect(claims.sub == "grace", "the access token verifies with the service's own verifier")
    }
}
