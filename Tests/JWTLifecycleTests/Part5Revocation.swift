import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 5 — Rotation and revocation")
struct Part5Revocation {
    @Test("refresh rotates the pair and revokes the old one")
    func refreshRotatesPair() throws {
        let fixture = try ServiceFixture()
        let first = try fixture.registerAndLogIn()
        fixture.clock.advance(by: 600)
        let second = try fixture.service.refresh(first.refreshToken)

        #expect(second.refreshToken != first.refreshToken, "refreshing issues a new refresh token")
        #expect(
            try fixture.service.verifyAccessToken(second.accessToken).sub == "ada",
            "the new access token is accepted")
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(first.accessToken) } == .revoked,
            "the old access token is revoked by jti although it has not expired")
    }

    @Test("reused refresh token revokes the whole family")
    func reusedRefreshTokenRevokesFamily() throws {
        let fixture = try ServiceFixture()
        let stolen = try fixture.registerAndLogIn()
        let otherDevice = try fixture.service.login(
            username: ServiceFixture.username, password: ServiceFixture.password)
        let legitimate = try fixture.service.refresh(stolen.refreshToken)

        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(stolen.refreshToken) } == .refreshTokenReused,
            "a refresh token presented twice means one copy is stolen")
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(legitimate.accessToken) } == .revoked,
            "after reuse, the pair issued from the stolen token is revoked too")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(legitimate.refreshToken) } == .refreshTokenReused,
            "after reuse, the family's newest refresh token no longer works")
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(otherDevice.accessToken) } == .revoked,
            "reuse revokes every token of the user, since the attacker may hold more")
    }

    @Test("racing refreshes cannot both succeed")
    func racingRefreshesCannotBothSucceed() async throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        let service = fixture.service
        let token = pair.refreshToken
        let successes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? service.refresh(token)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(
            successes == 1,
            "exactly one of 8 concurrent refreshes with one token may succeed; read and update need one transaction")
    }

    @Test("logout revokes the pair")
    func logoutRevokesPair() throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        #expect(try fixture.service.verifyAccessToken(pair.accessToken).sub == "ada", "before logout the token works")
        try fixture.service.logout(pair.refreshToken)
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(pair.accessToken) } == .revoked,
            "after logout the access token is revoked")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(pair.refreshToken) } != nil,
            "after logout the refresh token no longer works")
    }

    @Test("refresh tokens are stored hashed")
    func refreshTokensAreStoredHashed() throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        let rows = try fixture.service.database.query("SELECT token_hash FROM refresh_tokens")
        let expected = Digest.sha256.hash(pair.refreshToken).hexString
        #expect(rows.first?["token_hash"].text == expected, "the stored value is the hex SHA-256 of the token")
        let dump = try fixture.service.database.query("SELECT * FROM refresh_tokens").description
        #expect(!dump.contains(pair.refreshToken), "a database leak must not hand out usable refresh tokens")
    }

    @Test("revocations survive a restart")
    func revocationsSurviveRestart() throws {
        let fixture = try ServiceFixture()
        let loggedOut = try fixture.registerAndLogIn()
        let active = try fixture.service.login(username: ServiceFixture.username, password: ServiceFixture.password)
        try fixture.service.logout(loggedOut.refreshToken)

        let restarted = try fixture.reopened()
        #expect(
            jwtErrorCode { _ = try restarted.verifyAccessToken(loggedOut.accessToken) } == .revoked,
            "revocations are in SQLite, so a restart must not bring a logged-out token back")
        #expect(
            try restarted.refresh(active.refreshToken).accessToken != active.accessToken,
            "refresh tokens are in SQLite, so a token issued before the restart can still be refreshed")
    }

    @Test("expired revocations are pruned")
    func expiredRevocationsArePruned() throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        try fixture.service.logout(pair.refreshToken)
        let accessID = try #require(ServiceFixture.unverifiedClaims(pair.accessToken)["jti"] as? String)
        #expect(try fixture.service.isRevoked(tokenID: accessID), "logout puts the access jti on the list")

        fixture.clock.advance(by: 3600)
        #expect(try fixture.service.pruneRevocations() == 1, "at its exp the access token entry can go")
        #expect(try !fixture.service.isRevoked(tokenID: accessID), "the pruned entry is gone")
        fixture.clock.advance(by: 3600)
        #expect(try fixture.service.pruneRevocations() == 1, "the refresh entry goes at the refresh exp")
    }
}
