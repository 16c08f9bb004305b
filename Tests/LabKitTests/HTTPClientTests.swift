import Foundation
import Testing

@testable import LabKit

@Suite("HTTP client")
struct HTTPClientTests {
    @Test("URL round trip")
    func urlRoundTrip() async throws {
        let handler: HTTPHandler = { request in
            HTTPResponse(
                status: .created,
                text: "\(request.method) \(request.target) \(request.headers["Host"] ?? "-") \(request.bodyText ?? "")")
        }
        try await withServer(handler: handler) { _, address in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.send(.post, "http://\(address)/items?q=a%20b", body: Data("payload".utf8))
            #expect(response.status == .created, "the handler's status must come back")
            #expect(
                response.bodyText == "POST /items?q=a%20b \(address) payload",
                "method, percent-encoded target, Host from the URL and body must reach the server unchanged"
            )
        }
    }

    @Test("keep-alive connection reused")
    func connectionReused() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: String(request.peer?.port ?? 0)) }
        try await withServer(handler: handler) { _, address in
            let client = HTTPClient()
            defer { client.shutdown() }
            let first = try await client.send(.get, "http://\(address)/a").bodyText
            let second = try await client.send(.get, "http://\(address)/b").bodyText
            #expect(
                first == second,
                "a second request must reuse the idle keep-alive connection, so the client port stays the same")
        }
    }

    @Test("closed idle connection not reused")
    func closedIdleConnectionNotReused() async throws {
        let mock = try RawServer()
        defer { mock.close() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = "http://\(mock.address)/r"
        async let first = client.send(.get, url)
        var connection = try await mock.accept()
        _ = try await connection.readRequestHead()
        try await connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        _ = try await first
        connection.close()

        async let second = client.send(.post, url, body: Data("once".utf8))
        var fresh = try await mock.accept()
        defer { fresh.close() }
        let head = try await fresh.readRequestHead()
        try await fresh.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(head.hasPrefix("POST /r HTTP/1.1"), "the POST must arrive on a new connection")
        #expect(
            try await second.bodyText == "ok",
            "a pooled connection the server closed must be dropped before use, not fail the POST")
    }

    @Test("stale connection retried once")
    func staleConnectionRetried() async throws {
        let mock = try RawServer()
        defer { mock.close() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = "http://\(mock.address)/r"
        async let first = client.send(.get, url)
        var connection = try await mock.accept()
        _ = try await connection.readRequestHead()
        try await connection.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none")
        #expect(try await first.bodyText == "one", "the first response must arrive")

        async let second = client.send(.get, url)
        _ = try await connection.readRequestHead()
        connection.close()
        var fresh = try await mock.accept()
        defer { fresh.close() }
        _ = try await fresh.readRequestHead()
        try await fresh.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo")
        #expect(
            try await second.bodyText == "two",
            "a GET whose reused connection closed unanswered must be retried on a new one")
    }

    @Test("stale POST not retried")
    func stalePostNotRetried() async throws {
        let mock = try RawServer()
        defer { mock.close() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = "http://\(mock.address)/r"
        async let first = client.send(.get, url)
        var connection = try await mock.accept()
        _ = try await connection.readRequestHead()
        try await connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        _ = try await first

        let second = Task { try await client.send(.post, url, body: Data("charge card".utf8)) }
        _ = try await connection.readRequestHead()
        connection.close()
        let error = await #expect(
            throws: LabKitError.self, "a POST must not be sent twice automatically (RFC 9110 §9.2.2)"
        ) {
            try await second.value
        }
        #expect(error?.code == .connectionClosed, "the caller must learn that the connection closed")
    }

    @Test("chunked response decoded")
    func chunkedResponse() async throws {
        let response = try await responseFromMock(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nT: v\r\n\r\n")
        #expect(response.bodyText == "Wikipedia", "chunks must be joined and the trailer skipped (RFC 9112 §7.1)")
    }

    @Test("read-to-close response")
    func readToCloseResponse() async throws {
        let response = try await responseFromMock("HTTP/1.0 200 OK\r\n\r\nuntil the end", thenClose: true)
        #expect(
            response.bodyText == "until the end",
            "a response without length is read until the server closes (RFC 9112 §6.3)")
    }

    @Test("interim response skipped")
    func interimResponseSkipped() async throws {
        let response = try await responseFromMock(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(response.status == .ok, "a 1xx response is interim and the final one must be returned")
    }

    @Test("HEAD and 304 have no body")
    func bodylessResponses() async throws {
        let handler: HTTPHandler = { request in
            request.path == "/304"
                ? HTTPResponse(status: HTTPStatus(code: 304)) : HTTPResponse(status: .ok, text: "twelve bytes")
        }
        try await withServer(handler: handler) { _, address in
            let client = HTTPClient()
            defer { client.shutdown() }
            let head = try await client.send(.head, "http://\(address)/x")
            #expect(head.body.isEmpty, "a HEAD response has no body even with Content-Length (RFC 9110 §9.3.2)")
            #expect(head.headers["Content-Length"] == "12", "HEAD states the GET length")
            let notModified = try await client.send(.get, "http://\(address)/304")
            #expect(notModified.status.code == 304, "the 304 must be returned")
            let after = try await client.send(.get, "http://\(address)/x")
            #expect(after.bodyText == "twelve bytes", "the connection must stay usable after bodiless responses")
        }
    }

    @Test("refused connection reported")
    func refusedConnection() async throws {
        let bound = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0), backlog: 1)
        let address = try bound.localAddress()
        bound.close()
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await #expect(throws: LabKitError.self, "nothing listens on a closed port") {
            try await client.send(.get, "http://\(address)/")
        }
        #expect(
            error?.code == .connectionRefused,
            "a refused connect must be told apart from a timeout, as a gateway maps it to 502")
        #expect(error?.message.contains(address.description) == true, "the message must name the address")
    }

    @Test("read timeout reported")
    func readTimeout() async throws {
        let mock = try RawServer()
        defer { mock.close() }
        let client = HTTPClient(configuration: .init(readTimeout: .milliseconds(200)))
        defer { client.shutdown() }
        let error = await #expect(throws: LabKitError.self, "a server that never answers must time out") {
            try await client.send(.get, "http://\(mock.address)/silent")
        }
        #expect(error?.code == .timedOut, "a read timeout must be .timedOut, as a gateway maps it to 504")
    }

    @Test("connect timeout reported")
    func connectTimeout() async throws {
        // A listener that never accepts fills its queue, and Linux then drops further SYNs,
        // so the next connect stays pending until the client gives up.
        let listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0), backlog: 0)
        defer { listener.close() }
        let address = try listener.localAddress()
        var fillers: [AsyncSocket] = []
        defer {
            for filler in fillers { filler.socket.close() }
        }
        let client = HTTPClient(configuration: .init(connectTimeout: .milliseconds(200)))
        defer { client.shutdown() }
        var lastError: LabKitError?
        for _ in 0..<4 {
            do {
                fillers.append(
                    try await AsyncSocket.connect(
                        to: address, deadline: .now + .milliseconds(200), reactor: Reactor.shared()))
            } catch let error as LabKitError {
                lastError = error
                break
            }
        }
        if lastError == nil {
            let error = await #expect(throws: LabKitError.self, "a connect to a full listen queue must time out") {
                try await client.send(.get, "http://\(address)/")
            }
            lastError = error
        }
        #expect(
            lastError?.code == .timedOut,
            "a connect that never completes must fail with .timedOut, as a gateway maps it to 504")
    }

    @Test("cancellation ends a request")
    func cancellation() async throws {
        let release = Gate()
        let entered = Gate()
        let handler: HTTPHandler = { _ in
            entered.open()
            await release.wait()
            return HTTPResponse(status: .ok)
        }
        try await withServer(.init(shutdownGracePeriod: .milliseconds(100)), handler: handler) { _, address in
            let client = HTTPClient()
            defer { client.shutdown() }
            let request = Task { try await client.send(.get, "http://\(address)/wait") }
            await entered.wait()
            request.cancel()
            let result = await request.result
            release.open()
            #expect(throws: CancellationError.self, "cancelling the task must end the wait for the response") {
                try result.get()
            }
        }
    }

    @Test("response over limit rejected")
    func responseOverLimit() async throws {
        let handler: HTTPHandler = { _ in HTTPResponse(status: .ok, body: Data(count: 2048)) }
        try await withServer(handler: handler) { _, address in
            let client = HTTPClient(configuration: .init(maxResponseBodyBytes: 1024))
            defer { client.shutdown() }
            let error = await #expect(throws: LabKitError.self, "a body over maxResponseBodyBytes must be rejected") {
                try await client.send(.get, "http://\(address)/big")
            }
            #expect(error?.code == .limitExceeded, "the error must say a limit was exceeded")
        }
    }

    @Test("invalid response rejected")
    func invalidResponse() async throws {
        await #expect(throws: LabKitError.self, "a response with two different lengths is ambiguous") {
            _ = try await responseFromMock("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")
        }
        let error = await #expect(throws: LabKitError.self, "an HTTP/2 status line is not HTTP/1.1") {
            _ = try await responseFromMock("HTTP/2 200\r\n\r\n")
        }
        #expect(error?.code == .invalidHTTPMessage, "a malformed response must be .invalidHTTPMessage")
    }

    @Test("header injection rejected")
    func headerInjection() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await #expect(throws: LabKitError.self, "a field value with CRLF would inject a header") {
            try await client.send(.get, "http://127.0.0.1:9/", headers: ["X-Name": "a\r\nEvil: 1"])
        }
        #expect(error?.code == .invalidArgument, "an invalid request is the caller's error")
    }

    @Test("non-http URL rejected")
    func nonHTTPURL() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = await #expect(throws: LabKitError.self, "only http:// and https:// are spoken") {
            try await client.send(.get, "ftp://127.0.0.1:9/")
        }
        #expect(error?.code == .invalidArgument, "an unsupported URL is the caller's error")
    }

    @Test("shut-down client rejects requests")
    func shutDownClient() async throws {
        let client = HTTPClient()
        client.shutdown()
        let error = await #expect(throws: LabKitError.self, "a shut-down client sends nothing") {
            try await client.send(.get, "http://127.0.0.1:9/")
        }
        #expect(error?.code == .stopped, "the code must say the client stopped")
    }

    @Test("gateway in one process")
    func gatewayInOneProcess() async throws {
        let backendHandler: HTTPHandler = { request in HTTPResponse(status: .ok, text: "backend \(request.path)") }
        try await withServer(handler: backendHandler) { _, backend in
            let client = HTTPClient()
            defer { client.shutdown() }
            let gateway: HTTPHandler = { request in
                try await client.send(HTTPRequest(method: .get, target: request.target), to: backend)
            }
            try await withServer(handler: gateway) { _, front in
                let caller = HTTPClient()
                defer { caller.shutdown() }
                let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<50 {
                        group.addTask { try await caller.send(.get, "http://\(front)/g\(index)").bodyText ?? "" }
                    }
                    return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                }
                #expect(
                    bodies.count == 50,
                    "handlers that call a server in the same process must not block the cooperative pool, or this deadlocks"
                )
            }
        }
    }
}

/// Sends a GET to a mock server that replies with `rawResponse`, and returns the response the client parsed.
private func responseFromMock(_ rawResponse: String, thenClose: Bool = false) async throws -> HTTPResponse {
    let mock = try RawServer()
    defer { mock.close() }
    let client = HTTPClient()
    defer { client.shutdown() }
    async let response = client.send(.get, "http://\(mock.address)/")
    var connection = try await mock.accept()
    defer { connection.close() }
    _ = try await connection.readRequestHead()
    try await connection.send(rawResponse)
    if thenClose {
        connection.close()
    }
    return try await response
}
