import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 6 — HTTP endpoints")
struct Part6Endpoints {
    /// The authorization and resource services on 127.0.0.1, each on a free port.
    private struct Servers {
        let fixture: ServiceFixture
        let authorization: HTTPServer
        let resource: HTTPServer
        let authorizationURL: String
        let resourceURL: String
        // Generous limits: when the whole package's tests run at once, the two shared test
        // threads can stall for seconds, and a short limit would fail a correct server.
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), readTimeout: .seconds(30)))

        init() throws {
            fixture = try ServiceFixture()
            try fixture.service.register(username: ServiceFixture.username, password: ServiceFixture.password)
            let service = fixture.service
            authorization = HTTPServer(handler: AuthorizationEndpoints.handler(for: service))
            resource = HTTPServer(
                handler: ResourceEndpoint.handler(realm: "orders") { try service.verifyAccessToken($0) })
            authorizationURL = "http://127.0.0.1:\(try authorization.start().port)"
            resourceURL = "http://127.0.0.1:\(try resource.start().port)/orders"
        }

        func post(_ path: String, _ body: some Encodable) async throws -> HTTPResponse {
            let response = try await client.send(
                .post, authorizationURL + path, headers: ["Content-Type": "application/json"],
                body: try JSONEncoder().encode(body))
            reportNotImplemented(response, "POST \(path)")
            return response
        }

        func get(_ path: String) async throws -> HTTPResponse {
            let response = try await client.send(.get, authorizationURL + path)
            reportNotImplemented(response, "GET \(path)")
            return response
        }

        func logIn() async throws -> TokenResponse {
            let response = try await post(
                "/login", LoginRequest(username: ServiceFixture.username, password: ServiceFixture.password))
            try #require(
                response.status == .ok,
                "POST /login with the right password must answer 200; got \(response.status): \(response.bodyText ?? "")"
            )
            return try JSONDecoder().decode(TokenResponse.self, from: response.body)
        }

        func getResource(token: String?) async throws -> HTTPResponse {
            try await getResource(authorization: token.map { "Bearer \($0)" })
        }

        func getResource(authorization: String?) async throws -> HTTPResponse {
            let headers: HTTPHeaders = authorization.map { ["Authorization": $0] } ?? [:]
            let response = try await client.send(.get, resourceURL, headers: headers)
            reportNotImplemented(response, "GET /orders")
            return response
        }

        /// Records the scaffold's 501 response with its body, which names the missing handler.
        private func reportNotImplemented(_ response: HTTPResponse, _ request: String) {
            if response.status == .notImplemented {
                Issue.record("\(request) answered 501: \(response.bodyText ?? "")")
            }
        }

        func stop() async {
            client.shutdown()
            await authorization.stop()
            await resource.stop()
        }
    }

    @Test("login returns an OAuth token response")
    func loginReturnsTokenResponse() async throws {
        let servers = try Servers()
        let response = try await servers.post(
            "/login", LoginRequest(username: ServiceFixture.username, password: ServiceFixture.password))
        let wrong = try await servers.post("/login", LoginRequest(username: ServiceFixture.username, password: "nope"))
        await servers.stop()

        #expect(response.status == .ok, "a correct password gets 200")
        let body = try JSONDecoder().decode(TokenResponse.self, from: response.body)
        #expect(body.token_type == "Bearer", "RFC 6749 §5.1: token_type Bearer")
        #expect(body.expires_in == 3600, "expires_in is the access token lifetime")
        #expect(response.headers["Cache-Control"] == "no-store", "RFC 6749 §5.1: token responses must not be cached")
        #expect(wrong.status == .badRequest, "a wrong password gets 400 (RFC 6749 §5.2)")
        #expect(
            try JSONDecoder().decode(ErrorResponse.self, from: wrong.body).error == "invalid_grant",
            "the error is invalid_grant, without saying which credential was wrong")
    }

    @Test("resource accepts valid access token")
    func resourceAcceptsValidToken() async throws {
        let servers = try Servers()
        let tokens = try await servers.logIn()
        let response = try await servers.getResource(token: tokens.access_token)
        let withRefreshToken = try await servers.getResource(token: tokens.refresh_token)
        await servers.stop()

        #expect(response.status == .ok, "a valid access token gets 200")
        #expect(response.bodyText == "hello ada", "the resource service reads the subject from the token")
        #expect(withRefreshToken.status == .unauthorized, "a refresh token has the wrong audience for a resource")
    }

    @Test("invalid token gets RFC 6750 challenge")
    func invalidTokenGetsChallenge() async throws {
        let servers = try Servers()
        let tokens = try await servers.logIn()
        let valid = try await servers.getResource(token: tokens.access_token)
        let forged = try await servers.getResource(token: String(tokens.access_token.dropLast(4)) + "AAAA")
        let missing = try await servers.getResource(token: nil)
        servers.fixture.clock.advance(by: 3600 + 60)
        let expired = try await servers.getResource(token: tokens.access_token)
        await servers.stop()

        #expect(valid.status == .ok, "the unmodified token is accepted")
        for (name, response) in [("forged", forged), ("expired", expired)] {
            #expect(response.status == .unauthorized, "a \(name) token gets 401")
            let challenge = response.headers["WWW-Authenticate"] ?? ""
            #expect(
                challenge.hasPrefix("Bearer ") && challenge.contains("error=\"invalid_token\""),
                "RFC 6750 §3: a \(name) token gets a Bearer challenge with error=\"invalid_token\"; got \(challenge)")
        }
        #expect(
            forged.headers["WWW-Authenticate"] == expired.headers["WWW-Authenticate"],
            "the challenge must not tell an attacker whether the signature or the expiry failed")
        #expect(missing.status == .unauthorized, "a request without a token gets 401")
        #expect(
            missing.headers["WWW-Authenticate"]?.contains("error=") == false,
            "RFC 6750 §3.1: a request without credentials gets a challenge without an error code")
    }

    @Test(
        "no bearer credentials get a bare challenge",
        arguments: [
            ("no Authorization header", nil),
            ("Basic credentials", "Basic YWRhOnB3"),
            ("Bearer without a token", "Bearer"),
        ] as [(String, String?)])
    func missingCredentialsGetBareChallenge(label: String, authorization: String?) async throws {
        let servers = try Servers()
        let tokens = try await servers.logIn()
        let valid = try await servers.getResource(token: tokens.access_token)
        let response = try await servers.getResource(authorization: authorization)
        await servers.stop()

        #expect(valid.status == .ok, "a valid bearer token gets 200")
        #expect(response.status == .unauthorized, "a request with \(label) has no bearer token, so it gets 401")
        #expect(
            response.headers["WWW-Authenticate"] == "Bearer realm=\"orders\"",
            "RFC 6750 §3.1: a request with \(label) sent no token to reject, so the challenge names the realm and no error code"
        )
    }

    @Test("refresh and logout over HTTP")
    func refreshAndLogoutOverHTTP() async throws {
        let servers = try Servers()
        let first = try await servers.logIn()
        let refreshed = try await servers.post("/refresh", RefreshRequest(refreshToken: first.refresh_token))
        let second = try JSONDecoder().decode(TokenResponse.self, from: refreshed.body)
        let oldAccess = try await servers.getResource(token: first.access_token)
        let logout = try await servers.post("/logout", RefreshRequest(refreshToken: second.refresh_token))
        let afterLogout = try await servers.getResource(token: second.access_token)
        await servers.stop()

        #expect(refreshed.status == .ok, "a fresh refresh token gets a new pair")
        #expect(oldAccess.status == .unauthorized, "the resource rejects the revoked access token")
        #expect(logout.status == .noContent, "logout answers 204")
        #expect(afterLogout.status == .unauthorized, "after logout the access token is rejected")
    }

    @Test("JWK Set is published")
    func keySetIsPublished() async throws {
        let servers = try Servers()
        let response = try await servers.get("/.well-known/jwks.json")
        await servers.stop()

        #expect(response.status == .ok, "the JWK Set is public")
        let keySet = try JSONDecoder().decode(JSONWebKeySet.self, from: response.body)
        #expect(keySet.keys.map(\.kid) == ["es-1"], "the set lists the ring's key by kid")
        #expect(keySet.keys.allSatisfy { !$0.containsPrivateMembers }, "the published set has no private members")
    }
}
