import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 2 — Client applications")
struct Part2ClientApplications {
    @Test("registry stores only the SHA-256 digest")
    func registryStoresOnlyDigest() throws {
        var registry = ApplicationRegistry()
        try registry.register(Fixture.partner, apiKey: Fixture.partnerKey)

        #expect(registry.entries.count == 1, "one registration must make one entry")
        #expect(
            registry.entries.first?.keyDigest.hex == Fixture.partnerKeySHA256,
            "the stored digest must be SHA-256 of the key's UTF-8 bytes, as `printf %s KEY | sha256sum` prints it"
        )
        #expect(registry.entries.first?.application == Fixture.partner)
        #expect(
            !String(reflecting: registry).contains(Fixture.partnerKey),
            "the registry must not keep the key itself, anywhere"
        )
    }

    @Test("registered key identifies its application")
    func registeredKeyIdentifiesApplication() throws {
        let registry = try Fixture.registry()
        #expect(registry.application(forKey: Fixture.partnerKey) == Fixture.partner)
        #expect(registry.application(forKey: Fixture.mobileKey) == Fixture.mobile)
    }

    @Test(
        "near-miss keys identify nobody",
        arguments: [
            Fixture.unknownKey,
            String(Fixture.partnerKey.dropLast()) + "Z",
            String(Fixture.partnerKey.dropLast()),
            Fixture.partnerKey + "A",
            Fixture.partnerKey.uppercased(),
            " " + Fixture.partnerKey,
            "",
            Fixture.partnerKeySHA256,
        ]
    )
    func nearMissKeysIdentifyNobody(key: String) throws {
        let registry = try Fixture.registry()
        #expect(
            registry.application(forKey: Fixture.partnerKey) == Fixture.partner, "the partner's own key must still work"
        )
        #expect(
            registry.application(forKey: key) == nil, "\"\(key)\" is not a registered key, so it must identify nobody")
    }

    @Test("short key is rejected")
    func shortKeyIsRejected() throws {
        var registry = ApplicationRegistry()
        let shortKey = String(repeating: "k", count: ApplicationRegistry.minimumKeyLength - 1)
        let error = #expect(throws: LabKitError.self) {
            try registry.register(Fixture.mobile, apiKey: shortKey)
        }
        #expect(
            error?.code == .invalidArgument,
            "a key shorter than \(ApplicationRegistry.minimumKeyLength) characters is guessable and must be rejected as .invalidArgument"
        )
        #expect(error?.message.contains(shortKey) == false, "the error message must not contain the key")
        try registry.register(
            Fixture.mobile, apiKey: String(repeating: "k", count: ApplicationRegistry.minimumKeyLength))
        #expect(registry.entries.count == 1, "a key of exactly the minimum length must be accepted")
    }

    @Test("duplicate id or key is rejected")
    func duplicateIdOrKeyIsRejected() throws {
        var registry = try Fixture.registry()
        let sameID = #expect(throws: LabKitError.self) {
            try registry.register(Fixture.partner, apiKey: Fixture.unknownKey)
        }
        #expect(sameID?.code == .invalidArgument, "an application id may be registered only once")
        let sameKey = #expect(throws: LabKitError.self) {
            try registry.register(ClientApplication(id: "third", permittedRoutes: []), apiKey: Fixture.mobileKey)
        }
        #expect(
            sameKey?.code == .invalidArgument,
            "two applications must never share a key: the key could not tell them apart")
        #expect(registry.entries.count == 2)
    }

    @Test("valid key sets the application")
    func validKeySetsApplication() async throws {
        let upstream = StubUpstream()
        let middleware = AuthenticationMiddleware(registry: try Fixture.registry(), logger: .disabled)
        let request = Fixture.request(.get, "/orders", key: Fixture.mobileKey)
        let response = try await middleware.respond(to: Fixture.context(request), next: upstream.next)

        #expect(response.status == .ok, "a request with a registered key must go on")
        #expect(
            upstream.contexts.first?.application == Fixture.mobile,
            "the context passed on must name the mobile application")
    }

    @Test(
        "missing or unknown key gets 401",
        arguments: [
            ("no key", [(String, String)]()),
            ("empty key", [("X-API-Key", "")]),
            ("unknown key", [("X-API-Key", Fixture.unknownKey)]),
            ("key in Authorization", [("Authorization", "Bearer \(Fixture.partnerKey)")]),
            ("key in a cookie", [("Cookie", "X-API-Key=\(Fixture.partnerKey)")]),
            ("two keys", [("X-API-Key", Fixture.partnerKey), ("X-API-Key", Fixture.unknownKey)]),
        ]
    )
    func missingOrUnknownKeyGets401(label: String, headers: [(String, String)]) async throws {
        let registry = try Fixture.registry()
        let upstream = StubUpstream()
        let middleware = AuthenticationMiddleware(registry: registry, logger: .disabled)

        let valid = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", key: Fixture.partnerKey)), next: upstream.next)
        #expect(valid.status == .ok, "the partner's valid key must be accepted")

        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", headers: headers)), next: upstream.next)
        #expect(response.status == .unauthorized, "a request with \(label) must be rejected with 401")
        #expect(
            response.headers["WWW-Authenticate"] == AuthenticationMiddleware.challenge,
            "RFC 9110 §11.6.1: a 401 must carry a WWW-Authenticate challenge"
        )
        #expect(response.gatewayErrorBody?.error == "Unauthorized", "the body must be the generic gateway error")
        #expect(upstream.contexts.count == 1, "the request with \(label) must not go on")
    }

    @Test("key in query string is ignored")
    func keyInQueryStringIsIgnored() async throws {
        let upstream = StubUpstream()
        let middleware = AuthenticationMiddleware(registry: try Fixture.registry(), logger: .disabled)
        let inHeader = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", key: Fixture.partnerKey)), next: upstream.next)
        let inQuery = try await middleware.respond(
            to: Fixture.context(
                Fixture.request(.get, "/orders?apikey=\(Fixture.partnerKey)&api_key=\(Fixture.partnerKey)")),
            next: upstream.next)

        #expect(inHeader.status == .ok, "the key in X-API-Key must be accepted")
        #expect(
            inQuery.status == .unauthorized,
            "a key in the URL leaks into logs and Referer headers; it must not authenticate")
    }

    @Test("missing and unknown key respond alike")
    func missingAndUnknownKeyRespondAlike() async throws {
        let middleware = AuthenticationMiddleware(registry: try Fixture.registry(), logger: .disabled)
        let next = StubUpstream().next
        let missing = try await middleware.respond(to: Fixture.context(Fixture.request(.get, "/orders")), next: next)
        let unknown = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", key: Fixture.unknownKey)), next: next)

        #expect(missing.status == .unauthorized)
        #expect(missing.status == unknown.status)
        #expect(missing.body == unknown.body, "the body must not tell a missing key from an unknown one")
        #expect(missing.headers.description == unknown.headers.description, "nor must the headers")
    }

    @Test("rejection is logged without the key")
    func rejectionIsLoggedWithoutKey() async throws {
        let capture = LogCapture()
        let middleware = AuthenticationMiddleware(
            registry: try Fixture.registry(), logger: capture.logger(label: "gateway"))
        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", key: Fixture.unknownKey), requestID: "rejected-42"),
            next: StubUpstream().next)

        #expect(response.status == .unauthorized)
        #expect(
            capture.records.contains { $0.metadata["request_id"] == "rejected-42" },
            "the rejection must be logged with the request id (metadata key request_id)"
        )
        #expect(!capture.text.contains(Fixture.unknownKey), "a presented key is a secret and must never be logged")
    }

    @Test(
        "application calls only permitted routes",
        arguments: [
            ("orders.show", "/orders/42", true),
            ("orders.list", "/orders", true),
            ("orders.export", "/orders/export", false),
            ("customers.show", "/customers/ann", false),
        ]
    )
    func applicationCallsOnlyPermittedRoutes(routeName: String, path: String, permitted: Bool) async throws {
        let upstream = StubUpstream()
        let middleware = AuthorizationMiddleware(logger: .disabled)
        let context = Fixture.context(
            Fixture.request(.get, path), match: try Fixture.match(routeName, path: path), application: Fixture.mobile)
        let response = try await middleware.respond(to: context, next: upstream.next)

        if permitted {
            #expect(response.status == .ok, "the mobile app is permitted \(routeName), so the request must go on")
            #expect(upstream.contexts.count == 1)
        } else {
            #expect(response.status == .forbidden, "the mobile app is not permitted \(routeName): 403")
            #expect(response.gatewayErrorBody?.error == "Forbidden", "the body must be the generic gateway error")
            #expect(upstream.contexts.isEmpty, "a forbidden request must not go on")
        }
    }

    @Test("authorization fails closed without a route")
    func authorizationFailsClosedWithoutRoute() async throws {
        let upstream = StubUpstream()
        let middleware = AuthorizationMiddleware(logger: .disabled)
        let context = Fixture.context(Fixture.request(.get, "/orders"), application: Fixture.partner)

        await #expect {
            _ = try await middleware.respond(to: context, next: upstream.next)
        } throws: { error in
            !LabKitError.isNotImplemented(error)
        }
        #expect(upstream.contexts.isEmpty, "without a route match the request must not go on: the chain is misordered")
    }
}
