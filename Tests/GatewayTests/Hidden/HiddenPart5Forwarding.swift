import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 5 — Forwarding and access-control lists (hidden)")
struct HiddenPart5Forwarding {
    func ordersContext(headers: [(String, String)]) throws -> RequestContext {
        let request = Fixture.request(.get, "/orders/42", key: Fixture.partnerKey, headers: headers)
        return Fixture.context(
            request, requestID: "hidden-fwd",
            match: try Fixture.match("orders.show", path: "/orders/42", parameters: ["id": "42"]),
            application: Fixture.partner)
    }

    @Test("Connection-named fields dropped both ways")
    func connectionNamedFieldsDroppedBothWays() throws {
        let incoming = [
            ("Connection", "keep-alive"), ("connection", "x-secret, X-Consumer-ID"),
            ("X-Secret", "session-token"), ("x-SECRET", "again"), ("Accept", "text/plain"),
        ]
        let headers = try ForwardingHeaders.requestHeaders(for: ordersContext(headers: incoming))

        #expect(headers["Accept"] == "text/plain", "an end-to-end field passes")
        #expect(
            !headers.contains("X-Secret"),
            "a field named by any Connection header, in any case, is hop-by-hop and must not be forwarded (RFC 9110 §7.6.1)"
        )
        #expect(!headers.contains("Connection"), "Connection itself is hop-by-hop")
        #expect(
            headers.values(for: "X-Consumer-ID") == ["partner-portal"],
            "naming a gateway field in Connection must not remove the gateway's own value")

        let backend = HTTPHeaders([
            ("Connection", "X-Backend-Debug"), ("Connection", "x-trace-id"), ("X-Backend-Debug", "sql=SELECT 1"),
            ("X-Trace-ID", "abc"), ("Proxy-Status", "backend; error=timeout"), ("Cache-Control", "no-store"),
        ])
        let response = ForwardingHeaders.responseHeaders(backend)
        #expect(response["Cache-Control"] == "no-store", "an end-to-end response field passes")
        for name in ["Connection", "X-Backend-Debug", "X-Trace-ID", "Proxy-Status"] {
            #expect(!response.contains(name), "\(name) is hop-by-hop in the response and must not reach the client")
        }
    }

    @Test(
        "backend reads spaced and mapped forwarding",
        arguments: [
            ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1 ,\t203.0.113.7")], "203.0.113.7"),
            ("::ffff:127.0.0.1", [("X-Forwarded-For", "203.0.113.7")], "203.0.113.7"),
            ("127.0.0.1", [("X-Forwarded-For", "203.0.113.7, 127.0.0.1, 127.0.0.1")], "203.0.113.7"),
            ("127.0.0.1", [("X-Forwarded-For", "127.0.0.1")], "127.0.0.1"),
            ("198.51.100.9", [("X-Forwarded-For", "203.0.113.7, 127.0.0.1")], "198.51.100.9"),
        ] as [(String, [(String, String)], String?)]
    )
    func backendReadsSpacedAndMappedForwarding(peer: String, headers: [(String, String)], client: String?) throws {
        let policy = ForwardedSourcePolicy(trustedProxies: [try IPNetwork("127.0.0.1/32")], allowedClients: [])
        let request = HTTPRequest(
            method: .get, target: "/orders", headers: HTTPHeaders(headers),
            peer: SocketAddress(host: peer, port: 40_000))
        #expect(
            policy.clientAddress(of: request)?.description == client,
            "from \(peer) with \(headers), the client is \(client ?? "unknown (nil)")")
    }
}
