import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 4 — Middleware chain")
struct Part4MiddlewareChain {
    let clock = ManualClock()

    func makeGateway(
        upstream: StubUpstream = StubUpstream(),
        sourceRateLimit: RateLimitPolicy? = nil,
        applicationRateLimit: RateLimitPolicy? = nil,
        logger: Logger = .disabled
    ) throws -> Gateway {
        let configuration = try Fixture.configuration(
            sourceRateLimit: sourceRateLimit, applicationRateLimit: applicationRateLimit)
        return Gateway(configuration: configuration, upstream: upstream, clock: clock, logger: logger)
    }

    @Test("exception handler hides thrown error")
    func exceptionHandlerHidesThrownError() async throws {
        let capture = LogCapture()
        let middleware = ExceptionHandlingMiddleware(logger: capture.logger(label: "gateway"))
        let upstream = StubUpstream(.fail(LeakyBackendError()))
        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders"), requestID: "req-500"), next: upstream.next)

        #expect(response.status == .internalServerError, "a thrown error must become 500 Internal Server Error")
        #expect(response.gatewayErrorBody == GatewayErrorBody(error: "Internal Server Error", requestID: "req-500"))
        let errorRecords = capture.records.filter { $0.level == .error && $0.metadata["request_id"] == "req-500" }
        #expect(!errorRecords.isEmpty, "the real error must be logged at error level with metadata request_id")
        #expect(
            errorRecords.contains { $0.message.contains("orders-db.internal") },
            "the log record must contain the real error")
    }

    @Test("permitted request reaches upstream")
    func permittedRequestReachesUpstream() async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(upstream: upstream)
        let response = try await gateway.handle(Fixture.request(.get, "/orders//42", key: Fixture.mobileKey))

        #expect(response.status == .ok, "the mobile app may call GET /orders/{id}")
        let context = try #require(upstream.contexts.first, "the request must reach the upstream")
        #expect(context.match?.route.name == "orders.show", "the upstream must get the route match")
        #expect(context.match?.path == "/orders/42", "and the canonical path")
        #expect(context.application == Fixture.mobile, "and the authenticated application")
    }

    @Test(
        "without a key every path is 401",
        arguments: ["/orders", "/internal/metrics", "/no/such/path", "/orders/%2e%2e/admin/users"]
    )
    func withoutKeyEveryPathIs401(path: String) async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(upstream: upstream)
        let response = try await gateway.handle(Fixture.request(.get, path))

        #expect(
            response.status == .unauthorized,
            "authentication runs before routing: a client without a key learns nothing about \(path), only 401"
        )
        #expect(response.headers["WWW-Authenticate"] != nil, "a 401 carries a challenge")
        #expect(upstream.contexts.isEmpty, "nothing unauthenticated reaches a backend")
    }

    @Test("internal path is 404 with a key")
    func internalPathIs404WithKey() async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(upstream: upstream)
        let internalPath = try await gateway.handle(Fixture.request(.get, "/internal/metrics", key: Fixture.partnerKey))
        let unknownPath = try await gateway.handle(Fixture.request(.get, "/no/such/path", key: Fixture.partnerKey))

        #expect(internalPath.status == .notFound, "an internal route must be 404 even for a valid key")
        #expect(
            internalPath.gatewayErrorBody?.error == unknownPath.gatewayErrorBody?.error,
            "with the body of an unknown path")
        #expect(upstream.contexts.isEmpty, "and must never reach the backend")
    }

    @Test("forbidden route is 403")
    func forbiddenRouteIs403() async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(upstream: upstream)
        let forbidden = try await gateway.handle(Fixture.request(.get, "/orders/export", key: Fixture.mobileKey))
        let permitted = try await gateway.handle(Fixture.request(.get, "/orders/export", key: Fixture.partnerKey))

        #expect(forbidden.status == .forbidden, "the mobile app is not permitted orders.export")
        #expect(permitted.status == .ok, "the partner is")
        #expect(
            upstream.contexts.map(\.application?.id) == ["partner-portal"],
            "only the permitted request reaches the backend")
    }

    @Test("unauthenticated flood is throttled")
    func unauthenticatedFloodIsThrottled() async throws {
        let gateway = try makeGateway(sourceRateLimit: try Fixture.policy(capacity: 3, refillRate: 1))
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(
                try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.unknownKey)).status.code)
        }
        #expect(
            statuses == [401, 401, 401, 429, 429],
            "the per-address limit runs before authentication, so key guessing from one address is throttled too"
        )
    }

    @Test("forbidden requests count toward the limit")
    func forbiddenRequestsCountTowardLimit() async throws {
        let gateway = try makeGateway(applicationRateLimit: try Fixture.policy(capacity: 2, refillRate: 1))
        var statuses: [Int] = []
        for path in ["/orders/export", "/orders/export", "/orders"] {
            statuses.append(try await gateway.handle(Fixture.request(.get, path, key: Fixture.mobileKey)).status.code)
        }
        #expect(
            statuses == [403, 403, 429],
            "the per-application limit runs right after authentication, so forbidden requests use tokens too"
        )
    }

    @Test("applications have separate limits")
    func applicationsHaveSeparateLimits() async throws {
        let gateway = try makeGateway(applicationRateLimit: try Fixture.policy(capacity: 2, refillRate: 1))
        var mobile: [Int] = []
        for _ in 0..<3 {
            mobile.append(
                try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.mobileKey)).status.code)
        }
        let partner = try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.partnerKey))

        #expect(mobile == [200, 200, 429], "the mobile app's own bucket of 2 runs out")
        #expect(partner.status == .ok, "the partner, from the same address, has its own bucket")
        #expect(partner.headers["RateLimit-Remaining"] == "1", "and its response reports its own remaining tokens")
    }

    @Test("thrown error becomes generic 500")
    func thrownErrorBecomesGeneric500() async throws {
        let capture = LogCapture()
        let gateway = try makeGateway(
            upstream: StubUpstream(.fail(LeakyBackendError())), logger: capture.logger(label: "gateway"))
        let response = try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.partnerKey))

        #expect(response.status == .internalServerError)
        let requestID = try #require(response.headers["X-Request-ID"], "every response must carry X-Request-ID")
        #expect(response.gatewayErrorBody?.requestID == requestID, "the body must quote the request id of the header")
        let body = response.bodyText ?? ""
        for fragment in LeakyBackendError.secretFragments {
            #expect(!body.contains(fragment), "the response must not reveal \"\(fragment)\" from the error")
        }
        #expect(
            capture.records.contains {
                $0.level == .error && $0.metadata["request_id"] == requestID && $0.message.contains("SELECT")
            },
            "the real error must be logged at error level under the same request id"
        )
    }

    @Test("backend server error body is replaced")
    func backendServerErrorBodyIsReplaced() async throws {
        let capture = LogCapture()
        var headers = HTTPHeaders()
        headers.add(name: "X-Debug-Backend", value: "billing-7f9c.internal")
        let trace =
            "Traceback (most recent call last):\n  File \"/app/billing/db.py\", line 12\npsycopg2.OperationalError"
        let failing = HTTPResponse(status: .serviceUnavailable, headers: headers, text: trace)
        let gateway = try makeGateway(
            upstream: StubUpstream(.respond(failing)), logger: capture.logger(label: "gateway"))
        let response = try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.partnerKey))

        #expect(response.status == .serviceUnavailable, "the backend's status is kept")
        #expect(
            response.gatewayErrorBody?.error == "Service Unavailable", "but its body becomes the generic gateway error")
        #expect(!(response.bodyText ?? "").contains("Traceback"), "no stack trace may reach the client")
        #expect(response.headers["X-Debug-Backend"] == nil, "nor a backend header naming an internal host")
        let requestID = response.headers["X-Request-ID"] ?? "missing"
        #expect(
            capture.records.contains { $0.metadata["request_id"] == requestID && $0.message.contains("Traceback") },
            "the backend's real response must be logged under the request id"
        )
    }

    @Test("backend client error passes unchanged")
    func backendClientErrorPassesUnchanged() async throws {
        let invalid = HTTPResponse(status: .unprocessableContent, text: "amount_cents must be positive")
        let gateway = try makeGateway(upstream: StubUpstream(.respond(invalid)))
        let passed = try await gateway.handle(Fixture.request(.post, "/orders", key: Fixture.partnerKey))
        let rejected = try await gateway.handle(Fixture.request(.post, "/orders", key: Fixture.mobileKey))

        #expect(passed.status == .unprocessableContent, "a backend's 4xx is part of its API and passes through")
        #expect(passed.bodyText == "amount_cents must be positive", "with its body unchanged")
        #expect(rejected.status == .forbidden, "the mobile app may not create orders")
    }

    @Test("request without peer fails closed")
    func requestWithoutPeerFailsClosed() async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(upstream: upstream)
        let response = try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.partnerKey, peer: nil))

        #expect(
            response.status == .internalServerError,
            "without a peer address the source limit cannot work; the exception handler, outermost, must turn that into 500"
        )
        #expect(upstream.contexts.isEmpty, "and the request must not reach a backend")
    }

    @Test("every response has its own request id")
    func everyResponseHasItsOwnRequestID() async throws {
        let gateway = try makeGateway()
        let rejected = try await gateway.handle(Fixture.request(.get, "/orders"))
        let accepted = try await gateway.handle(Fixture.request(.get, "/orders", key: Fixture.partnerKey))

        #expect(rejected.status == .unauthorized)
        let rejectedID = try #require(rejected.headers["X-Request-ID"])
        let acceptedID = try #require(accepted.headers["X-Request-ID"])
        #expect(rejectedID != acceptedID, "each request gets a fresh id")
        #expect(rejected.gatewayErrorBody?.requestID == rejectedID, "an error body quotes the id of its header")
    }
}
