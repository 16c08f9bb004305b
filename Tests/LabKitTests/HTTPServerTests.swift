import Foundation
import Testing

@testable import LabKit

@Suite("HTTP server")
struct HTTPServerTests {
    @Test("GET round trip")
    func getRoundTrip() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET /hello?x=1 HTTP/1.1\r\nHost: test\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.statusCode == 200, "a valid GET must reach the handler and return its status")
            #expect(response.body == "path=/hello", "the body must be the handler's text, framed by Content-Length")
            #expect(response.header("Content-Length") == "11", "every response states its body length (RFC 9112 §6.2)")
            #expect(
                response.header("Connection") == nil, "an HTTP/1.1 response keeps the connection open without saying so"
            )
        }
    }

    @Test("request fields reach handler")
    func requestFieldsReachHandler() async throws {
        let handler: HTTPHandler = { request in
            let summary = [
                request.method.rawValue, request.target, request.version,
                request.headers["X-Test"] ?? "-", request.bodyText ?? "-",
                request.peer?.host ?? "no peer",
            ]
            return HTTPResponse(status: .ok, text: summary.joined(separator: "|"))
        }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(
                "POST /orders?id=7 HTTP/1.1\r\nHost: test\r\nX-Test:  padded value \r\nContent-Length: 5\r\n\r\nhello")
            let response = try await connection.readResponse()
            #expect(
                response.body == "POST|/orders?id=7|HTTP/1.1|padded value|hello|127.0.0.1",
                "the handler must see method, target, version, trimmed field value, body and the peer address"
            )
        }
    }

    @Test("keep-alive serves many requests")
    func keepAliveServesManyRequests() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            for index in 1...3 {
                try await connection.send("GET /n\(index) HTTP/1.1\r\nHost: test\r\n\r\n")
                let response = try await connection.readResponse()
                #expect(
                    response.body == "path=/n\(index)",
                    "request \(index) must be answered on the same HTTP/1.1 connection")
            }
        }
    }

    @Test("pipelined requests answered in order")
    func pipelinedRequestsInOrder() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let pipeline = (1...5).map { "GET /p\($0) HTTP/1.1\r\nHost: test\r\n\r\n" }.joined()
            try await connection.send(pipeline)
            for index in 1...5 {
                let response = try await connection.readResponse()
                #expect(
                    response.body == "path=/p\(index)",
                    "pipelined responses must come in request order (RFC 9112 §9.3.2)")
            }
        }
    }

    @Test("Connection close honoured")
    func connectionCloseHonoured() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.header("Connection") == "close", "the server must confirm that it closes (RFC 9112 §9.6)")
            let rest = try await connection.readUntilClose()
            #expect(rest.isEmpty, "after Connection: close the server must close without sending more")
        }
    }

    @Test("handler Connection close honoured")
    func handlerConnectionClose() async throws {
        let handler: HTTPHandler = { _ in HTTPResponse(status: .ok, headers: ["Connection": "close"], text: "bye") }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(normalRequest)
            let response = try await connection.readResponse()
            #expect(response.header("Connection") == "close", "a handler's Connection: close must reach the client")
            #expect(try await connection.readUntilClose().isEmpty, "the server must then close the connection")
        }
    }

    @Test("HTTP/1.0 closes by default")
    func http10ClosesByDefault() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.statusCode == 200, "HTTP/1.0 without Host is valid")
            #expect(
                response.header("Connection") == "close",
                "HTTP/1.0 connections close unless keep-alive is asked (RFC 9112 §9.3)")
            #expect(try await connection.readUntilClose().isEmpty, "the server must close after the HTTP/1.0 response")
        }
    }

    @Test("HTTP/1.0 keep-alive honoured")
    func http10KeepAlive() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            for _ in 1...2 {
                try await connection.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try await connection.readResponse()
                #expect(
                    response.header("Connection") == "keep-alive", "an HTTP/1.0 keep-alive must be confirmed explicitly"
                )
            }
        }
    }

    @Test("HEAD sends no body")
    func headSendsNoBody() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("HEAD /abc HTTP/1.1\r\nHost: test\r\n\r\n")
            try await connection.send(normalRequest)
            let head = try await connection.readResponse(hasBody: false)
            #expect(head.header("Content-Length") == "9", "HEAD states the length a GET would return (RFC 9110 §9.3.2)")
            let next = try await connection.readResponse()
            #expect(
                next.body == "path=/check",
                "no body bytes may follow a HEAD response, so the next response starts right after its head")
        }
    }

    @Test("204 has no Content-Length")
    func noContentHasNoLength() async throws {
        let handler: HTTPHandler = { _ in HTTPResponse(status: .noContent, body: Data("ignored".utf8)) }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(normalRequest)
            try await connection.send(normalRequest)
            let first = try await connection.readResponse()
            #expect(first.statusCode == 204, "the handler's status must be sent")
            #expect(
                first.header("Content-Length") == nil, "a 204 response must not carry Content-Length (RFC 9110 §8.6)")
            let second = try await connection.readResponse()
            #expect(second.statusCode == 204, "no body may follow a 204, so the second response parses cleanly")
        }
    }

    @Test("chunked request body")
    func chunkedRequestBody() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.bodyText ?? "") }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let body = "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n"
            try await connection.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
            let response = try await connection.readResponse()
            #expect(
                response.body == "hello 0123456789",
                "chunks must be joined, with extensions and trailers ignored (RFC 9112 §7.1)")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must keep serving")
        }
    }

    @Test("Expect 100-continue answered")
    func expectContinue() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.bodyText ?? "") }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(
                "PUT /x HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await connection.readResponse()
            #expect(interim.statusCode == 100, "the server must invite the body with 100 Continue (RFC 9110 §10.1.1)")
            try await connection.send("data")
            let final = try await connection.readResponse()
            #expect(final.statusCode == 200, "the final response follows the body")
            #expect(final.body == "data", "the body sent after 100 Continue must reach the handler")
        }
    }

    @Test("handler error gives bare 500")
    func handlerErrorGivesBare500() async throws {
        struct SecretError: Error, CustomStringConvertible {
            var description: String { "database password is hunter2" }
        }
        let capture = LogCapture()
        let failingHandler: HTTPHandler = { _ in throw SecretError() }
        try await withServer(logger: capture.logger(label: "server"), handler: failingHandler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET /x HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer token-123\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.statusCode == 500, "a throwing handler must become 500 Internal Server Error")
            #expect(!response.body.contains("hunter2"), "the error's details must never reach the client")
        }
        #expect(capture.records.contains { $0.level == .error }, "a handler error must be logged at error level")
        #expect(!capture.text.contains("token-123"), "Authorization values must never be logged")
    }

    @Test("header injection gives 500")
    func headerInjectionGives500() async throws {
        let handler: HTTPHandler = { _ in
            HTTPResponse(status: .ok, headers: ["X-Name": "a\r\nSet-Cookie: stolen=1"], text: "x")
        }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(normalRequest)
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 500, "a field value with CRLF would split the response, so it must not be sent")
            #expect(response.header("Set-Cookie") == nil, "no injected field may reach the client")
        }
    }

    @Test("200 concurrent clients")
    func concurrentClients() async throws {
        let count = 200
        let countdown = Countdown(count)
        let handler: HTTPHandler = { request in
            await countdown.arriveAndWait()
            return HTTPResponse(status: .ok, text: request.path)
        }
        try await withServer(handler: handler) { _, address in
            let client = HTTPClient(configuration: .init(readTimeout: .seconds(20)))
            defer { client.shutdown() }
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await client.send(.get, "http://\(address)/c\(index)").bodyText ?? ""
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(
                bodies.count == count,
                "all \(count) requests must be in their handlers at the same time and all be answered")
        }
    }

    @Test("graceful stop finishes in-flight request")
    func gracefulStop() async throws {
        let entered = Gate()
        let release = Gate()
        let handler: HTTPHandler = { _ in
            entered.open()
            await release.wait()
            return HTTPResponse(status: .ok, text: "finished")
        }
        let server = HTTPServer(configuration: .init(shutdownGracePeriod: .seconds(5)), handler: handler)
        let address = try server.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        async let response = client.send(.get, "http://\(address)/slow")
        await entered.wait()
        async let stopped: Void = server.stop()
        let waitLimit = ContinuousClock.now + .seconds(30)
        while !server.isStopping && ContinuousClock.now < waitLimit {
            await Task.yield()
        }
        release.open()
        let finished = try await response
        await stopped
        #expect(finished.bodyText == "finished", "a request in progress when stop() begins must complete")
        #expect(finished.headers["Connection"] == "close", "a response during shutdown must announce Connection: close")
        #expect(server.address == nil, "a stopped server has no address")
        let error = await #expect(throws: LabKitError.self, "a stopped server must not accept connections") {
            try await client.send(.get, "http://\(address)/after")
        }
        #expect(error?.code == .connectionRefused, "connecting to a stopped server must fail as refused")
    }

    @Test("stop closes idle connections")
    func stopClosesIdleConnections() async throws {
        let server = HTTPServer { _ in HTTPResponse(status: .ok) }
        let address = try server.start()
        var connection = try await RawConnection.open(address)
        defer { connection.close() }
        try await connection.send(normalRequest)
        _ = try await connection.readResponse()
        await server.stop()
        #expect(
            try await connection.readUntilClose().isEmpty,
            "stop() must close keep-alive connections that wait for a request")
    }

    @Test("idle connection closed quietly")
    func idleConnectionClosed() async throws {
        try await withServer(.init(idleTimeout: .milliseconds(200))) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(normalRequest)
            _ = try await connection.readResponse()
            let rest = try await connection.readUntilClose(within: .seconds(30))
            #expect(rest.isEmpty, "an idle keep-alive connection must be closed without a response after idleTimeout")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must keep serving")
        }
    }

    @Test("slow request gets 408")
    func slowRequestGets408() async throws {
        try await withServer(.init(requestTimeout: .milliseconds(200))) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET /slow HTTP/1.1\r\nHost: test\r\n")
            let response = try await connection.readResponse(within: .seconds(30))
            #expect(
                response.statusCode == 408, "a request head that never completes must get 408 within requestTimeout")
            #expect(try await connection.readUntilClose().isEmpty, "the connection must close after 408")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must keep serving")
        }
    }

    @Test("slow body gets 408")
    func slowBodyGets408() async throws {
        try await withServer(.init(requestTimeout: .milliseconds(200))) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc")
            let response = try await connection.readResponse(within: .seconds(30))
            #expect(response.statusCode == 408, "a body that never completes must get 408 within requestTimeout")
        }
    }

    @Test("over connection limit gets 503")
    func connectionLimit() async throws {
        try await withServer(.init(maxConnections: 1)) { _, address in
            var first = try await RawConnection.open(address)
            defer { first.close() }
            try await first.send(normalRequest)
            _ = try await first.readResponse()
            var second = try await RawConnection.open(address)
            defer { second.close() }
            let response = try await second.readResponse()
            #expect(response.statusCode == 503, "a connection beyond maxConnections must get 503")
            #expect(try await second.readUntilClose().isEmpty, "and then be closed")
        }
    }

    @Test("start twice is rejected")
    func startTwice() async throws {
        try await withServer { server, _ in
            let error = #expect(throws: LabKitError.self, "a server listens once") { try server.start() }
            #expect(error?.code == .stopped, "the error code must say the server was already started")
        }
    }

    @Test("port in use is reported")
    func portInUse() async throws {
        try await withServer { _, address in
            let second = HTTPServer(configuration: .init(port: address.port)) { _ in HTTPResponse(status: .ok) }
            let error = #expect(throws: LabKitError.self, "two servers cannot listen on one port") {
                try second.start()
            }
            #expect(error?.code == .socket, "a failed bind is a socket error")
            #expect(error?.message.contains("\(address.port)") == true, "the message must name the port")
        }
    }
}
