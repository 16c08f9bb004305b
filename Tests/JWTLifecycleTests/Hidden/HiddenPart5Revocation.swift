import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 5 — Rotation and revocation (hidden)")
struct HiddenPart5Revocation {
    @Test("reuse after restart revokes the family")
    func reuseAfterRestartRevokesFamily() throws {
        let fixture = try ServiceFixture()
        let first = try fixture.registerAndLogIn()
        let second = try fixture.service.refresh(first.refreshToken)

        let restarted = try fixture.reopened()
        #expect(
            try restarted.verifyAccessToken(second.accessToken).sub == "ada",
            "the rotated access token stays valid across a restart")
        #expect(
            jwtErrorCode { _ = try restarted.refresh(first.refreshToken) } == .refreshTokenReused,
            "the used flag is in SQLite, so reuse of a rotated refresh token is detected after a restart")
        #expect(
            jwtErrorCode { _ = try restarted.verifyAccessToken(second.accessToken) } == .revoked,
            "reuse revokes the tokens issued after the stolen one, even after a restart")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(second.refreshToken) } != nil,
            "the revocation is committed, so the first service instance sees it too")
    }

    @Test("logout leaves other sessions valid")
    func logoutLeavesOtherSessionsValid() throws {
        let fixture = try ServiceFixture()
        let laptop = try fixture.registerAndLogIn()
        let phone = try fixture.service.login(username: ServiceFixture.username, password: ServiceFixture.password)
        let laptopRotated = try fixture.service.refresh(laptop.refreshToken)

        try fixture.service.logout(laptopRotated.refreshToken)
        #expect(
            jwtErrorCode { _ = try fixture.service.verifyAccessToken(laptopRotated.accessToken) } == .revoked,
            "logout revokes the access token of the refresh token it was given")
        #expect(
            try fixture.service.verifyAccessToken(phone.accessToken).sub == "ada",
            "logout ends one family only: the user's other login keeps its access token")
        let phoneRotated = try fixture.service.refresh(phone.refreshToken)
        #expect(phoneRotated.accessToken != phone.accessToken, "the other login's refresh token still rotates")
        #expect(
            jwtErrorCode { _ = try fixture.service.refresh(laptopRotated.refreshToken) } == .revoked,
            "a logged-out refresh token is revoked, not reused")
        #expect(
            try fixture.service.verifyAccessToken(phoneRotated.accessToken).sub == "ada",
            "presenting a logged-out refresh token is not treated as theft of the user's other login")
    }
}
