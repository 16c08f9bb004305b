import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 4 — Issuing access and refresh tokens")
struct Part4Issuing {
    @Test("issued times are whole seconds")
    func issuedTimesAreWholeSeconds() throws {
        let fixture = try ServiceFixture()
        fixture.clock.advance(by: 0.75)
        let pair = try fixture.registerAndLogIn()
        let second = fixture.clock.now.timeIntervalSince1970.rounded(.down)
        let access = try ServiceFixture.unverifiedClaims(pair.accessToken)
        let refresh = try ServiceFixture.unverifiedClaims(pair.refreshToken)

        #expect(
            access["iat"] as? Double == second,
            "iat is now rounded down to the second; a fractional iat fails in PyJWT 2.6")
        #expect(access["exp"] as? Double == second + 3600, "exp counts from that second")
        #expect(refresh["iat"] as? Double == second, "the refresh token's iat too")
        #expect(refresh["exp"] as? Double == second + 7200)
    }

    @Test("login issues access and refresh tokens")
    func loginIssuesTokenPair() throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        let now = fixture.clock.now.timeIntervalSince1970
        let access = try ServiceFixture.unverifiedClaims(pair.accessToken)
        let refresh = try ServiceFixture.unverifiedClaims(pair.refreshToken)

        #expect(access["sub"] as? String == "ada", "the access token's subject is the user")
        #expect(access["aud"] as? String == TokenFactory.audience, "the access token is for the resource services")
        #expect(access["exp"] as? Double == now + 3600, "access tokens live one hour by default")
        #expect(refresh["aud"] as? String == TokenFactory.issuer, "only the issuer itself accepts refresh tokens")
        #expect(refresh["exp"] as? Double == now + 7200, "refresh tokens live two hours by default")
        #expect(pair.expiresIn == 3600, "expires_in is the access token lifetime (RFC 6749 §5.1)")
        let accessID = try #require(access["jti"] as? String, "every access token needs a jti for revocation")
        let refreshID = try #require(refresh["jti"] as? String, "every refresh token needs a jti")
        #expect(accessID != refreshID, "each token has its own jti")

        let claims = try fixture.service.accessTokenVerifier().verify(pair.accessToken)
        #expect(claims.iss == TokenFactory.issuer, "the access token verifies with the published keys")
        #expect(
            jwtErrorCode { _ = try fixture.service.accessTokenVerifier().verify(pair.refreshToken) }
                == .invalidAudience,
            "a refresh token must not work as an access token")
    }

    @Test("each login gets fresh token IDs")
    func eachLoginGetsFreshTokenIDs() throws {
        let fixture = try ServiceFixture()
        let first = try fixture.registerAndLogIn()
        let second = try fixture.service.login(username: ServiceFixture.username, password: ServiceFixture.password)
        let firstID = try ServiceFixture.unverifiedClaims(first.accessToken)["jti"] as? String
        let secondID = try ServiceFixture.unverifiedClaims(second.accessToken)["jti"] as? String
        #expect(firstID != nil, "login must issue a jti")
        #expect(firstID != secondID, "jti values must be unique, or revoking one token revokes another")
    }

    @Test("passwords are stored as salted slow hashes")
    func passwordsAreStoredHashed() throws {
        let fixture = try ServiceFixture()
        _ = try fixture.registerAndLogIn()
        try fixture.service.register(username: "bob", password: ServiceFixture.password)
        let rows = try fixture.service.database.query("SELECT username, password_hash FROM users ORDER BY username")
        #expect(rows.count == 2, "both users are stored")
        let hashes = rows.compactMap { $0["password_hash"].text }
        for hash in hashes {
            #expect(!hash.contains(ServiceFixture.password), "the password itself must never be stored")
            let parsed = try PasswordHash(parsing: hash)
            #expect(
                parsed.parameters == .pbkdf2SHA256(iterations: 1_000), "the hash uses the configured slow function")
        }
        #expect(hashes.count == 2 && hashes[0] != hashes[1], "a random salt makes equal passwords hash differently")
    }

    @Test("unknown user and wrong password look alike")
    func loginFailuresLookAlike() throws {
        let fixture = try ServiceFixture()
        _ = try fixture.registerAndLogIn()
        var errors: [JWTError] = []
        for (user, password) in [("ada", "wrong password"), ("nobody", ServiceFixture.password)] {
            do {
                _ = try fixture.service.login(username: user, password: password)
            } catch let error as JWTError {
                errors.append(error)
            }
        }
        #expect(errors.count == 2, "both a wrong password and an unknown user must fail")
        #expect(errors.allSatisfy { $0.code == .invalidCredentials }, "both failures are invalidCredentials")
        #expect(
            Set(errors.map(\.message)).count == 1,
            "the messages must be identical, or an attacker learns which user names exist")
    }

    @Test("duplicate user is rejected")
    func duplicateUserIsRejected() throws {
        let fixture = try ServiceFixture()
        _ = try fixture.registerAndLogIn()
        #expect(
            jwtErrorCode { try fixture.service.register(username: "ada", password: "another") } == .duplicateUser,
            "registering a taken name must not replace the existing password")
    }
}
