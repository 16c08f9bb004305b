import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 1 — Routes")
struct Part1Routes {
    let table: RouteTable

    init() throws {
        table = try Fixture.routeTable()
    }

    @Test(
        "literal and parameter patterns match",
        arguments: [
            (HTTPMethod.get, "/orders", "orders.list", [String: String]()),
            (.post, "/orders", "orders.create", [:]),
            (.get, "/orders/42", "orders.show", ["id": "42"]),
            (.get, "/customers/ann%20lee", "customers.show", ["name": "ann lee"]),
        ]
    )
    func literalAndParameterPatternsMatch(
        method: HTTPMethod, path: String, routeName: String, parameters: [String: String]
    ) {
        let decision = table.route(method: method, path: path)
        #expect(
            decision.routeName == routeName,
            "\(method) \(path) must match the route \(routeName); the table decided \(decision)")
        #expect(decision.match?.parameters == parameters, "\(path) must capture the decoded parameters \(parameters)")
    }

    @Test("literal segment beats parameter")
    func literalSegmentBeatsParameter() {
        let decision = table.route(method: .get, path: "/orders/export")
        #expect(
            decision.routeName == "orders.export",
            "GET /orders/export matches both /orders/export and /orders/{id}; the route with more literal segments must win"
        )
    }

    @Test(
        "similar paths do not leak into a route",
        arguments: [
            "/orders-admin", "/ordersx", "/order", "/orders.json", "/orders/42/items", "/ORDERS", "/", "/Orders/42",
        ]
    )
    func similarPathsDoNotLeak(path: String) {
        #expect(
            table.route(method: .get, path: "/orders").routeName == "orders.list",
            "GET /orders itself must match orders.list")
        #expect(
            table.route(method: .get, path: path) == .notFound,
            "\(path) is not /orders or /orders/{id}: segments must match whole and case-sensitively, with no prefix matching"
        )
    }

    @Test("internal routes look like unknown paths", arguments: ["/internal/metrics", "/admin/users"])
    func internalRoutesLookLikeUnknownPaths(path: String) {
        #expect(
            table.route(method: .get, path: "/orders/42").routeName == "orders.show",
            "GET /orders/42 must match orders.show")
        #expect(
            table.route(method: .get, path: path) == .notFound, "the internal route \(path) must never be exposed: 404")
        #expect(
            table.route(method: .get, path: path) == table.route(method: .get, path: "/no/such/path"),
            "an internal path must get exactly the decision of a path that does not exist"
        )
    }

    @Test(
        "wrong method lists only public methods",
        arguments: [
            (HTTPMethod.delete, "/orders", [HTTPMethod.get, .post]),
            (.put, "/customers/ann", [.get]),
            // DELETE /orders/{id} is internal, so it must not appear in Allow.
            (.delete, "/orders/42", [.get]),
        ]
    )
    func wrongMethodListsPublicMethods(method: HTTPMethod, path: String, allowed: [HTTPMethod]) {
        let decision = table.route(method: method, path: path)
        guard case .methodNotAllowed(let actual) = decision else {
            Issue.record(
                "\(method) \(path) must be 405 Method Not Allowed, because public routes match the path; got \(decision)"
            )
            return
        }
        #expect(Set(actual) == Set(allowed), "Allow for \(path) must list exactly the public methods \(allowed)")
        #expect(actual.count == Set(actual).count, "Allow must list each method once")
    }

    @Test(
        "empty segments merge into canonical path",
        arguments: [
            ("//orders", "orders.list", "/orders"),
            ("/orders/", "orders.list", "/orders"),
            ("/orders//42", "orders.show", "/orders/42"),
            ("//orders//42//", "orders.show", "/orders/42"),
        ]
    )
    func emptySegmentsMerge(path: String, routeName: String, canonicalPath: String) {
        let decision = table.route(method: .get, path: path)
        #expect(decision.routeName == routeName, "\(path) must read as \(canonicalPath) and match \(routeName)")
        #expect(decision.match?.path == canonicalPath, "the path to forward for \(path) must be \(canonicalPath)")
    }

    @Test(
        "canonical path is re-encoded",
        arguments: [
            ("/customers/ann%20lee", "/customers/ann%20lee"),
            ("/customers/%41nn", "/customers/Ann"),
            ("/customers/ann+lee", "/customers/ann%2Blee"),
            // Apache Tomcat reads ";" as a path-parameter separator: "..;" must reach it as data.
            ("/customers/..;", "/customers/..%3B"),
            ("/customers/caf%C3%A9", "/customers/caf%C3%A9"),
        ]
    )
    func canonicalPathIsReencoded(path: String, canonicalPath: String) {
        let decision = table.route(method: .get, path: path)
        #expect(decision.routeName == "customers.show", "\(path) must match customers.show")
        #expect(
            decision.match?.path == canonicalPath,
            "the forwarded path must percent-encode everything but A–Z a–z 0–9 - . _ ~ (RFC 3986 §2.3): expected \(canonicalPath)"
        )
    }

    @Test(
        "ambiguous paths are rejected",
        arguments: [
            "/orders/../admin/users",
            "/orders/%2e%2e/admin/users",
            "/orders/%2E%2E/admin/users",
            "/orders/.%2e/admin/users",
            "/./orders",
            "/orders/.",
            "/orders/42%2Fitems",
            "/orders/42%2fitems",
            "/orders/42%5Cadmin",
            "/orders/%zz",
            "/orders/%4",
            "/orders/%",
            "/orders/%00",
            "/orders/42%0D%0AX-Injected:%201",
            "/orders/%FF",
            "orders",
            "*",
            "http://gateway.example/orders",
        ]
    )
    func ambiguousPathsAreRejected(path: String) {
        #expect(
            table.route(method: .get, path: "/orders").routeName == "orders.list",
            "GET /orders itself must match orders.list")
        #expect(
            table.route(method: .get, path: path) == .badRequest,
            "\(path) must be rejected with 400: dot segments, encoded / or \\, bad escapes, control characters and non-origin forms are ambiguous"
        )
    }

    @Test("middleware passes match to next")
    func middlewarePassesMatchToNext() async throws {
        let upstream = StubUpstream()
        let middleware = RoutingMiddleware(table: table)
        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders/42?expand=items")), next: upstream.next)

        #expect(response.status == .ok, "a matched request must go on to the next middleware")
        let match = try #require(upstream.contexts.first?.match, "the context passed on must carry the route match")
        #expect(match.route.name == "orders.show")
        #expect(match.parameters == ["id": "42"], "the query string is not part of the path")
    }

    @Test(
        "middleware rejects unroutable requests",
        arguments: [
            (HTTPMethod.get, "/internal/metrics", 404),
            (.get, "/no/such/path", 404),
            (.delete, "/orders", 405),
            (.get, "/orders/%2e%2e/admin/users", 400),
        ]
    )
    func middlewareRejectsUnroutableRequests(method: HTTPMethod, path: String, status: Int) async throws {
        let upstream = StubUpstream()
        let middleware = RoutingMiddleware(table: table)
        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(method, path)), next: upstream.next)

        #expect(response.status.code == status, "\(method) \(path) must get a response from the gateway with \(status)")
        #expect(upstream.contexts.isEmpty, "\(method) \(path) must never reach a backend")
        let body = response.gatewayErrorBody
        #expect(
            body?.error == HTTPStatus(code: status).reasonPhrase,
            "the body must be the generic gateway error for \(status)")
        #expect(body?.requestID == "test-request-1", "the body must carry the request id")
    }

    @Test("405 carries an Allow header")
    func methodNotAllowedCarriesAllow() async throws {
        let middleware = RoutingMiddleware(table: table)
        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.delete, "/orders")), next: StubUpstream().next)

        #expect(response.status == .methodNotAllowed)
        let allow = response.headers["Allow"] ?? ""
        let methods = Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(
            methods == ["GET", "POST"],
            "RFC 9110 §15.5.6: a 405 must list the allowed methods in Allow; got \"\(allow)\"")
    }

    @Test("internal and unknown paths respond identically")
    func internalAndUnknownPathsRespondIdentically() async throws {
        let middleware = RoutingMiddleware(table: table)
        let next = StubUpstream().next
        let internalPath = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/internal/metrics")), next: next)
        let unknownPath = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/nothing/here")), next: next)

        #expect(internalPath.status == .notFound, "an internal path must be 404")
        #expect(internalPath.status == unknownPath.status)
        #expect(internalPath.body == unknownPath.body, "the body must not reveal that the internal path exists")
        #expect(
            internalPath.headers.description == unknownPath.headers.description, "the headers must not reveal it either"
        )
    }
}
