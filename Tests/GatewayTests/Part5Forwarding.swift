import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 5 — Forwarding and access-control lists")
struct Part5Forwarding {
    /// Builds the context of GET /orders/42 as the routing and authentication steps leave it.
    func ordersContext(
        _ target: String = "/orders/42?expand=items",
        headers: [(String, String)] = [],
        peer: SocketAddress = Fixture.clientPeer
    ) throws -> RequestContext {
        let request = Fixture.request(.get, target, key: Fixture.partnerKey, headers: headers, peer: peer)
        return Fixture.context(
            request, requestID: "fwd-1",
            match: try Fixture.match("orders.show", path: "/orders/42", parameters: ["id": "42"]),
            application: Fixture.partner)
    }

    func makeClient() -> HTTPClient {
        // 30-second limits: when every suite runs at once, the shared test threads can
        // stall for seconds, and a 2-second connect limit turned that into a 504.
        HTTPClient(configuration: .init(connectTimeout: .seconds(30), readTimeout: .seconds(30)))
    }

    // MARK: - Header hygiene

    @Test("forwarding headers are the gateway's own")
    func forwardingHeadersAreGatewayOwn() throws {
        let spoofed = [
            ("X-Forwarded-For", "10.0.0.1"), ("X-Real-IP", "10.0.0.2"), ("Forwarded", "for=10.0.0.3"),
            ("X-Consumer-ID", "admin"), ("X-Request-ID", "chosen-by-client"), ("Accept", "application/json"),
        ]
        let headers = try ForwardingHeaders.requestHeaders(for: ordersContext(headers: spoofed))

        #expect(
            headers.values(for: "X-Forwarded-For") == ["192.0.2.10"],
            "X-Forwarded-For must be exactly the TCP peer's address")
        #expect(headers.values(for: "X-Real-IP") == ["192.0.2.10"], "X-Real-IP too")
        #expect(headers.values(for: "Forwarded") == ["for=192.0.2.10"], "and Forwarded (RFC 7239 §4)")
        #expect(
            headers.values(for: "X-Consumer-ID") == ["partner-portal"],
            "the application is named by the gateway, never the client")
        #expect(headers.values(for: "X-Request-ID") == ["fwd-1"], "the request id is the gateway's")
        #expect(headers[APIKey.headerName] == nil, "the client's API key must never reach a backend")
        #expect(headers["Accept"] == "application/json", "end-to-end fields pass unchanged")
    }

    @Test("IPv6 peer is quoted in Forwarded")
    func ipv6PeerIsQuotedInForwarded() throws {
        let context = try ordersContext(peer: SocketAddress(host: "2001:db8::7", port: 50_000))
        let headers = try ForwardingHeaders.requestHeaders(for: context)

        #expect(headers["Forwarded"] == #"for="[2001:db8::7]""#, "RFC 7239 §6: an IPv6 node is bracketed and quoted")
        #expect(headers["X-Forwarded-For"] == "2001:db8::7", "X-Forwarded-For carries the bare address")
    }

    @Test(
        "hop-by-hop request fields are removed",
        arguments: [
            "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
            "Proxy-Authorization", "X-Internal-Trace",
        ]
    )
    func hopByHopRequestFieldsAreRemoved(name: String) throws {
        let incoming = [
            ("Connection", "keep-alive, X-Internal-Trace"), ("X-Internal-Trace", "1"), ("Keep-Alive", "timeout=5"),
            ("Proxy-Connection", "keep-alive"), ("TE", "trailers"), ("Trailer", "Expires"),
            ("Transfer-Encoding", "chunked"),
            ("Upgrade", "websocket"), ("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0"),
            ("Content-Type", "application/json"),
        ]
        let headers = try ForwardingHeaders.requestHeaders(for: ordersContext(headers: incoming))

        #expect(headers["Content-Type"] == "application/json", "an end-to-end field passes")
        #expect(
            !headers.contains(name),
            "\(name) is hop-by-hop (RFC 9110 §7.6.1, or named by Connection) and must not be forwarded"
        )
    }

    @Test("hop-by-hop response fields are removed")
    func hopByHopResponseFieldsAreRemoved() {
        let backend = HTTPHeaders([
            ("Connection", "close, X-Backend-Hop"), ("X-Backend-Hop", "1"), ("Keep-Alive", "timeout=5"),
            ("Upgrade", "h2c"),
            ("Proxy-Authenticate", "Basic"), ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"),
            ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
        ])
        let headers = ForwardingHeaders.responseHeaders(backend)

        for name in ["Connection", "X-Backend-Hop", "Keep-Alive", "Upgrade", "Proxy-Authenticate", "Transfer-Encoding"]
        {
            #expect(!headers.contains(name), "\(name) is hop-by-hop and must not reach the client")
        }
        #expect(headers["Content-Type"] == "application/json", "end-to-end fields pass")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"], "repeated fields pass in order, unmerged")
    }

    // MARK: - Forwarding over loopback

    @Test("request reaches the backend cleanly")
    func requestReachesBackendCleanly() async throws {
        let backend = try RecordingBackend()
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["orders": backend.address], client: client, timeout: .seconds(60), logger: .disabled)
        let context = try ordersContext(headers: [("X-Forwarded-For", "10.9.8.7"), ("Host", "gateway.example")])
        let response = try await forwarder.send(context)
        client.shutdown()
        await backend.stop()

        #expect(response.status == .ok, "the backend's response must come back")
        #expect(response.bodyText == "from backend")
        let received = try #require(backend.requests.first, "the request must reach the backend")
        #expect(received.target == "/orders/42?expand=items", "the backend gets the canonical path and the query")
        #expect(
            received.headers.values(for: "X-Forwarded-For") == ["192.0.2.10"], "and the real peer in X-Forwarded-For")
        #expect(received.headers[APIKey.headerName] == nil, "and no API key")
        #expect(received.headers["Host"] == backend.address.description, "and its own Host, not the gateway's")
    }

    @Test("method and body are forwarded")
    func methodAndBodyAreForwarded() async throws {
        let backend = try RecordingBackend(response: HTTPResponse(status: .created, text: "created"))
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["orders": backend.address], client: client, timeout: .seconds(60), logger: .disabled)
        let body = Data(#"{"item":"book","quantity":2}"#.utf8)
        var request = Fixture.request(
            .post, "/orders", key: Fixture.partnerKey, headers: [("Content-Type", "application/json")])
        request.body = body
        let context = Fixture.context(
            request, match: try Fixture.match("orders.create", path: "/orders"), application: Fixture.partner)
        let response = try await forwarder.send(context)
        client.shutdown()
        await backend.stop()

        #expect(response.status == .created)
        let received = try #require(backend.requests.first)
        #expect(received.method == .post)
        #expect(received.body == body, "the body passes unchanged")
        #expect(received.headers["Content-Type"] == "application/json")
    }

    @Test("unreachable backend is 502")
    func unreachableBackendIs502() async throws {
        let capture = LogCapture()
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["orders": try await closedLoopbackAddress()], client: client,
            logger: capture.logger(label: "gateway"))
        let response = try await forwarder.send(try ordersContext())
        client.shutdown()

        #expect(response.status == .badGateway, "a backend that refuses the connection is 502 Bad Gateway")
        #expect(response.gatewayErrorBody?.requestID == "fwd-1", "with the generic gateway body")
        #expect(!(response.bodyText ?? "").contains("127.0.0.1"), "which must not name the backend's address")
        #expect(
            capture.records.contains { $0.metadata["request_id"] == "fwd-1" },
            "the failure is logged with the request id")
    }

    @Test("slow backend is 504")
    func slowBackendIs504() async throws {
        let gate = Gate()
        let backend = HTTPServer { _ in
            await gate.wait()
            return HTTPResponse(status: .ok, text: "too late")
        }
        let address = try backend.start()
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["orders": address], client: client, timeout: .milliseconds(300), logger: .disabled)
        let response = try await forwarder.send(try ordersContext())
        gate.open()
        client.shutdown()
        await backend.stop()

        #expect(response.status == .gatewayTimeout, "a backend that does not respond in time is 504 Gateway Timeout")
        #expect(response.gatewayErrorBody?.error == "Gateway Timeout")
    }

    @Test("unknown service fails closed")
    func unknownServiceFailsClosed() async throws {
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["customers": try await closedLoopbackAddress()], client: client, logger: .disabled)
        await #expect {
            _ = try await forwarder.send(try ordersContext())
        } throws: { error in
            !LabKitError.isNotImplemented(error)
        }
        client.shutdown()
    }

    // MARK: - Access-control lists

    @Test(
        "network contains addresses by prefix",
        arguments: [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.0/24", "192.168.1.255", true),
            ("192.168.1.0/24", "192.168.2.0", false),
            ("172.16.0.0/12", "172.31.255.255", true),
            ("172.16.0.0/12", "172.32.0.0", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("127.0.0.1/32", "127.0.0.1", true),
            ("127.0.0.1/32", "127.0.0.2", false),
            ("10.0.0.0/8", "::ffff:10.1.2.3", true),
            ("10.0.0.0/8", "2001:db8::1", false),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("fe80::/10", "febf::1", true),
            ("fe80::/10", "fec0::1", false),
            ("::/0", "::1", true),
            ("::1/128", "127.0.0.1", false),
        ]
    )
    func networkContainsAddressesByPrefix(network: String, address: String, contained: Bool) throws {
        let net = try IPNetwork(network)
        let candidate = try #require(IPAddress(address))
        #expect(try IPNetwork("10.0.0.0/8").contains(#require(IPAddress("10.1.1.1"))), "10.1.1.1 is in 10.0.0.0/8")
        #expect(
            net.contains(candidate) == contained,
            "\(address) is \(contained ? "" : "not ")in \(network): compare the first \(net.prefixLength) bits"
        )
    }

    @Test(
        "backend believes only its proxies",
        arguments: [
            ("127.0.0.1", [("X-Forwarded-For", "203.0.113.7")], "203.0.113.7"),
            ("198.51.100.9", [("X-Forwarded-For", "127.0.0.1")], "198.51.100.9"),
            ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1, 203.0.113.7")], "203.0.113.7"),
            ("127.0.0.1", [("X-Forwarded-For", "203.0.113.7, 127.0.0.1")], "203.0.113.7"),
            ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-For", "203.0.113.7")], "203.0.113.7"),
            ("127.0.0.1", [], "127.0.0.1"),
            ("127.0.0.1", [("X-Real-IP", "203.0.113.7")], "127.0.0.1"),
            ("127.0.0.1", [("X-Forwarded-For", "not-an-address")], nil),
            ("127.0.0.1", [("X-Forwarded-For", "203.0.113.7, ")], nil),
        ] as [(String, [(String, String)], String?)]
    )
    func backendBelievesOnlyItsProxies(peer: String, headers: [(String, String)], client: String?) throws {
        let policy = ForwardedSourcePolicy(trustedProxies: [try IPNetwork("127.0.0.1/32")], allowedClients: [])
        func request(from peer: String, _ headers: [(String, String)]) -> HTTPRequest {
            HTTPRequest(
                method: .get, target: "/orders", headers: HTTPHeaders(headers),
                peer: SocketAddress(host: peer, port: 40_000))
        }
        #expect(
            policy.clientAddress(of: request(from: "127.0.0.1", [("X-Forwarded-For", "192.0.2.44")]))?.description
                == "192.0.2.44",
            "from the gateway, X-Forwarded-For names the client"
        )
        #expect(
            policy.clientAddress(of: request(from: peer, headers))?.description == client,
            "from \(peer) with \(headers), the client is \(client ?? "unknown (nil)")"
        )
    }

    @Test("guarded backend rejects others")
    func guardedBackendRejectsOthers() async throws {
        let policy = ForwardedSourcePolicy(
            trustedProxies: [try IPNetwork("127.0.0.1/32")], allowedClients: [try IPNetwork("192.0.2.0/24")])
        let handler = policy.guarding { _ in HTTPResponse(status: .ok, text: "invoice data") }
        func status(from peer: String, forwardedFor: String) async throws -> HTTPStatus {
            let request = HTTPRequest(
                method: .get, target: "/invoices", headers: ["X-Forwarded-For": forwardedFor],
                peer: SocketAddress(host: peer, port: 40_000))
            return try await handler(request).status
        }

        #expect(
            try await status(from: "127.0.0.1", forwardedFor: "192.0.2.10") == .ok, "an allowed client via the gateway")
        #expect(
            try await status(from: "127.0.0.1", forwardedFor: "203.0.113.7") == .forbidden, "a client not on the list")
        #expect(
            try await status(from: "203.0.113.7", forwardedFor: "192.0.2.10") == .forbidden,
            "a direct caller cannot borrow an allowed address by writing X-Forwarded-For"
        )
    }

    @Test("application network restriction")
    func applicationNetworkRestriction() async throws {
        let application = ClientApplication(
            id: "branch-office", permittedRoutes: ["orders.list"], allowedNetworks: [try IPNetwork("198.51.100.0/24")])
        let middleware = AccessControlMiddleware(logger: .disabled)
        let upstream = StubUpstream()
        func status(from host: String) async throws -> HTTPStatus {
            let request = Fixture.request(.get, "/orders", peer: SocketAddress(host: host, port: 40_000))
            return try await middleware.respond(
                to: Fixture.context(request, application: application), next: upstream.next
            ).status
        }

        #expect(try await status(from: "198.51.100.20") == .ok, "the office network may call")
        #expect(try await status(from: "192.0.2.10") == .forbidden, "any other address is 403")
        #expect(upstream.contexts.count == 1)
    }

    // MARK: - The whole gateway

    @Test("gateway works end to end on loopback")
    func gatewayWorksEndToEnd() async throws {
        let localhost = try IPNetwork("127.0.0.0/8")
        let orders = try RecordingBackend(
            response: HTTPResponse(status: .ok, text: "order 42"),
            policy: ForwardedSourcePolicy(trustedProxies: [localhost], allowedClients: [localhost]))
        let client = makeClient()
        let forwarder = Forwarder(
            services: ["orders": orders.address, "customers": orders.address], client: client, timeout: .seconds(60),
            logger: .disabled)
        let gateway = Gateway(
            configuration: try Fixture.configuration(), upstream: forwarder, clock: ManualClock(), logger: .disabled)
        let server = HTTPServer(handler: gateway.handle)
        let address = try server.start()
        let base = "http://\(address)"

        let ok = try await client.send(
            .get, base + "/orders/42", headers: ["X-API-Key": Fixture.partnerKey, "X-Forwarded-For": "10.0.0.1"])
        let unauthorized = try await client.send(.get, base + "/orders/42")
        let hidden = try await client.send(.get, base + "/internal/metrics", headers: ["X-API-Key": Fixture.partnerKey])
        let received = orders.requests
        await server.stop()
        await orders.stop()
        client.shutdown()

        #expect(ok.status == .ok, "a permitted request goes through the gateway to the guarded backend")
        #expect(ok.bodyText == "order 42")
        #expect(unauthorized.status == .unauthorized)
        #expect(hidden.status == .notFound)
        #expect(received.count == 1, "only the permitted request reaches the backend")
        #expect(
            received.first?.headers.values(for: "X-Forwarded-For") == ["127.0.0.1"],
            "with the real peer, not the spoofed 10.0.0.1")
    }
}
