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

    @Test("reuse revokes the family and the user")
    func reuseRevokesFamilyAndUser() throws {
        let fixture = try ServiceFixture()
        let stolen = try fixture.registerAndLogIn()
        let otherDevice = try fixture.service.login(
            username: ServiceFixture.username, password: ServiceFixture.password)
        let legitimate = try fixture.service.refresh(stolen.refreshToken)

        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(stolen.refreshToken) } == .refreshTokenReused,
            "a refresh token presented twice means one copy is stolen")
        // The stolen token's own family: the pair issued from it is revoked.
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(legitimate.accessToken) } == .revoked,
            "after reuse, the access token issued from the stolen refresh token is revoked")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(legitimate.refreshToken) } == .revoked,
            "after reuse, the family's newest refresh token is revoked: its row is gone, so refresh throws revoked")
        // Every other token of the user: the attacker may hold more than this one family.
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(otherDevice.accessToken) } == .revoked,
            "reuse revokes every access token of the user, including another login's")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(otherDevice.refreshToken) } == .revoked,
            "reuse ends every family of the user, so another login's refresh token is revoked too")
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

    @Test("logout revokes the family, not theft")
    func logoutRevokesFamily() throws {
        let fixture = try ServiceFixture()
        let first = try fixture.registerAndLogIn()
        let otherDevice = try fixture.service.login(
            username: ServiceFixture.username, password: ServiceFixture.password)
        let pair = try fixture.service.refresh(first.refreshToken)
        #expect(try fixture.service.verifyAccessToken(pair.accessToken).sub == "ada", "before logout the token works")

        try fixture.service.logout(pair.refreshToken)
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(pair.accessToken) } == .revoked,
            "after logout the access token is revoked")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(pair.refreshToken) } == .revoked,
            "after logout the refresh token is revoked; logout is not reuse, so it must not be refreshTokenReused")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(first.refreshToken) } == .revoked,
            "logout ends the whole family, so an earlier refresh token of it is revoked, not reused")
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(otherDevice.accessToken) } == nil,
            "a logged-out token is not theft: the user's other login keeps working")
        #expect(
            jwtErrorCode { try fixture.service.logout(pair.refreshToken) } == nil,
            "logging out an ended family again changes nothing and is not an error (RFC 7009 §2.2)")
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

    @Test("revocations are pruned after exp plus leeway")
    func revocationsArePrunedAfterLeeway() throws {
        // A leeway other than the default, so that pruning must read the configuration.
        let leeway: TimeInterval = 90
        let fixture = try ServiceFixture(leeway: leeway)
        let pair = try fixture.registerAndLogIn()
        try fixture.service.logout(pair.refreshToken)
        let accessID = try #require(ServiceFixture.unverifiedClaims(pair.accessToken)["jti"] as? String)
        #expect(try fixture.service.isRevoked(tokenID: accessID), "logout puts the access jti on the list")

        fixture.clock.advance(by: 3600 + leeway - 1)
        let prunedEarly = try fixture.service.pruneRevocations()
        #expect(
            prunedEarly == 0,
            "1 s before exp + leeway the claims check still accepts the access token, so its entry must stay")
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(pair.accessToken) } == .revoked,
            "1 s before exp + leeway only the revocation list rejects the logged-out access token")

        fixture.clock.advance(by: 1)
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(pair.accessToken) } == .expired,
            "at exp + leeway the claims check rejects the access token by itself")
        let prunedAccess = try fixture.service.pruneRevocations()
        #expect(prunedAccess == 1, "at exp + leeway the access token's entry can go")
        #expect(try !fixture.service.isRevoked(tokenID: accessID), "the pruned entry is gone")

        fixture.clock.advance(by: 3600 - 1)
        let prunedRefreshEarly = try fixture.service.pruneRevocations()
        #expect(prunedRefreshEarly == 0, "the refresh token's entry stays until its exp + leeway")
        fixture.clock.advance(by: 1)
        let prunedRefresh = try fixture.service.pruneRevocations()
        #expect(prunedRefresh == 1, "at the refresh token's exp + leeway its entry goes")
    }
}
