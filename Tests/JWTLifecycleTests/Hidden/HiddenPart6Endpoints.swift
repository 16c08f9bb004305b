import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 6 — HTTP endpoints (hidden)")
struct HiddenPart6Endpoints {
    @Test("requests outside the contract get no tokens")
    func requestsOutsideContractGetNoTokens() async throws {
        let fixture = try ServiceFixture()
        let pair = try fixture.registerAndLogIn()
        let service = fixture.service
        let authorization = HTTPServer(handler: AuthorizationEndpoints.handler(for: service))
        let resource = HTTPServer(
            handler: ResourceEndpoint.handler(realm: "orders") { try service.verifyAccessToken($0) })
        let authorizationURL = "http://127.0.0.1:\(try authorization.start().port)"
        let resourceURL = "http://127.0.0.1:\(try resource.start().port)/orders"
        // Generous limits: when the whole package's tests run at once, the two shared test
        // threads can stall for seconds, and a short limit would fail a correct server.
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), readTimeout: .seconds(30)))
        let json: HTTPHeaders = ["Content-Type": "application/json"]

        let notJSON = try await client.send(
            .post, authorizationURL + "/login", headers: json, body: Data("user=ada".utf8))
        let getLogin = try await client.send(.get, authorizationURL + "/login")
        let accessAsRefresh = try await client.send(
            .post, authorizationURL + "/refresh", headers: json,
            body: try JSONEncoder().encode(RefreshRequest(refreshToken: pair.accessToken)))
        let lowercaseScheme = try await client.send(
            .get, resourceURL, headers: ["Authorization": "bearer \(pair.accessToken)"])
        let basicScheme = try await client.send(.get, resourceURL, headers: ["Authorization": "Basic YWRhOnB3"])
        client.shutdown()
        await authorization.stop()
        await resource.stop()

        #expect(notJSON.status == .badRequest, "a login body that is not JSON gets 400")
        #expect(
            try JSONDecoder().decode(ErrorResponse.self, from: notJSON.body).error == "invalid_request",
            "RFC 6749 §5.2: a malformed request is invalid_request, not invalid_grant")
        #expect(getLogin.status == .notFound, "GET /login is not an endpoint; only POST is")
        #expect(accessAsRefresh.status == .badRequest, "an access token is not a refresh token")
        #expect(
            try JSONDecoder().decode(ErrorResponse.self, from: accessAsRefresh.body).error == "invalid_grant",
            "an access token sent to /refresh is invalid_grant")
        #expect(lowercaseScheme.status == .ok, "the scheme name Bearer is case-insensitive (RFC 9110 §11.1)")
        #expect(basicScheme.status == .unauthorized, "Basic credentials are not a bearer token")
        #expect(
            basicScheme.headers["WWW-Authenticate"] == "Bearer realm=\"orders\"",
            "without a bearer token the challenge names the realm and no error (RFC 6750 §3.1)")
    }
}
