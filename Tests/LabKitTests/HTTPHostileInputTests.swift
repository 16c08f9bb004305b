import Foundation
import Testing

@testable import LabKit

/// A `Transfer-Encoding` value that only a Unicode-aware comparison reads as `chunked`.
struct DisguisedCoding: Sendable, CustomTestStringConvertible {
    var name: String
    var value: [UInt8]

    var testDescription: String { name }
}

private let disguisedCodings: [DisguisedCoding] = [
    .init(name: "trailing Latin-1 no-break space", value: Array("chunked".utf8) + [0xA0]),
    .init(name: "trailing UTF-8 no-break space", value: Array("chunked".utf8) + [0xC2, 0xA0]),
    .init(name: "leading ideographic space", value: [0xE3, 0x80, 0x80] + Array("chunked".utf8)),
    .init(name: "Kelvin sign for k", value: Array("chun".utf8) + [0xE2, 0x84, 0xAA] + Array("ed".utf8)),
]

/// Regression tests for inputs that broke the server or client before, each named after
/// the rule it enforces.
@Suite("HTTP server and client under hostile input")
struct HTTPHostileInputTests {
    // MARK: - Transfer-Encoding

    @Test("disguised chunked coding rejected", arguments: disguisedCodings)
    func disguisedChunkedCoding(_ coding: DisguisedCoding) async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.path) }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let head = Array("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: ".utf8) + coding.value
            let smuggled = "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: test\r\n\r\n"
            try await connection.send(head + Array("\r\n\r\n\(smuggled)".utf8))
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 501,
                "a coding that differs from 'chunked' by a non-ASCII byte is an unknown coding (RFC 9112 §6.1)")
            let rest = try await connection.readUntilClose()
            #expect(!rest.contains("/admin"), "bytes after a rejected request must never be served as a request")
        }
    }

    @Test("ASCII case and whitespace in codings accepted")
    func asciiVariantsOfChunked() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.bodyText ?? "") }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(
                "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding:\t CHUNKED \t\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(
                response.body == "ok",
                "codings compare case-insensitively and lists allow spaces and tabs around items (RFC 9110 §5.6.1)")
        }
    }

    @Test("tokens trim only spaces and tabs")
    func tokensTrimOnlyOptionalWhitespace() {
        let headers = HTTPHeaders([("Connection", " Close ,\tX-Secret"), ("Connection", "keep-alive\u{A0}")])
        #expect(
            headers.tokens(for: "Connection") == ["close", "x-secret", "keep-alive\u{A0}"],
            "list items are trimmed of SP and HTAB and lowercased in ASCII only (RFC 9110 §5.6.1)")
    }

    // MARK: - Chunked coding

    @Test("long chunk-size line rejected in one read")
    func longChunkSizeLineInOneRead() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let longExtension = ";" + String(repeating: "e", count: ChunkedCoding.maxSizeLineLength + 100)
            try await connection.send(
                "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n1\(longExtension)\r\nx\r\n0\r\n\r\n"
            )
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 400,
                "a chunk-size line over \(ChunkedCoding.maxSizeLineLength) bytes must be rejected even when it arrives whole"
            )
        }
    }

    @Test("chunk extensions over total limit rejected")
    func chunkExtensionsOverTotalLimit() async throws {
        try await withServer { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let chunkCount = ChunkedCoding.maxExtensionBytes / 1000 + 2
            let chunk = "1;" + String(repeating: "e", count: 999) + "\r\nx\r\n"
            let body = String(repeating: chunk, count: chunkCount) + "0\r\n\r\n"
            try await connection.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 400,
                "chunk extensions totalling over \(ChunkedCoding.maxExtensionBytes) bytes must be rejected (RFC 9112 §7.1.1)"
            )
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must still serve normal requests")
        }
    }

    @Test("chunk extensions under total limit accepted")
    func chunkExtensionsUnderTotalLimit() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.bodyText ?? "") }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let chunk = "1;" + String(repeating: "e", count: 999) + "\r\nx\r\n"
            let body = String(repeating: chunk, count: 3) + "0\r\n\r\n"
            try await connection.send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
            let response = try await connection.readResponse()
            #expect(response.body == "xxx", "a few kilobytes of extensions are ignored, and the chunks are joined")
        }
    }

    // MARK: - Deadlines

    @Test("read with data past deadline times out")
    func readPastDeadline() async throws {
        let listener = try RawServer()
        defer { listener.close() }
        let client = try await RawConnection.open(listener.address)
        defer { client.close() }
        let server = try await listener.accept()
        defer { server.close() }
        try await server.send("bytes that are already waiting")
        var buffer: [UInt8] = []
        let deadline = ContinuousClock.now
        _ = try await client.socket.read(appendingTo: &buffer, deadline: .now + RawConnection.defaultWait)
        let error = await #expect(throws: LabKitError.self, "a read after its deadline must fail even when data waits")
        {
            try await server.send("more")
            _ = try await client.socket.read(appendingTo: &buffer, deadline: deadline)
        }
        #expect(error?.code == .timedOut, "a passed deadline must be reported as .timedOut")
    }

    @Test("endless interim responses time out")
    func endlessInterimResponses() async throws {
        let mock = try RawServer()
        defer { mock.close() }
        let client = HTTPClient(configuration: .init(readTimeout: .seconds(1)))
        defer { client.shutdown() }
        let finished = Gate()
        let request = Task {
            defer { finished.open() }
            return try await client.send(.get, "http://\(mock.address)/flood")
        }
        var connection = try await mock.accept()
        defer { connection.close() }
        // Under load the client may time out before the head is read; the checks below still hold.
        _ = try? await connection.readRequestHead()
        let interim = Array(String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 2000).utf8)
        let floodLimit = ContinuousClock.now + .seconds(5)
        while !finished.isOpen && ContinuousClock.now < floodLimit {
            try? await connection.socket.write(interim, deadline: floodLimit)
        }
        #expect(finished.isOpen, "the client must give up while interim responses are still arriving")
        let error = await #expect(throws: LabKitError.self, "a server that never sends a final response must fail") {
            try await request.value
        }
        #expect(
            error?.code == .timedOut,
            "readTimeout bounds the whole exchange, even while 1xx responses keep arriving (RFC 9110 §15.2)")
    }

    // MARK: - Framing that the server writes

    @Test("HEAD keeps only a valid handler length")
    func headWithInvalidHandlerLength() async throws {
        let handler: HTTPHandler = { request in
            let length = request.path == "/negative" ? "-5" : "+7"
            return HTTPResponse(status: .ok, headers: ["Content-Length": length])
        }
        try await withServer(handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            for path in ["/negative", "/signed"] {
                try await connection.send("HEAD \(path) HTTP/1.1\r\nHost: test\r\n\r\n")
                let response = try await connection.readResponse(hasBody: false)
                #expect(
                    response.header("Content-Length") == "0",
                    "Content-Length is 1*DIGIT (RFC 9110 §8.6), so an invalid handler value falls back to the body size"
                )
            }
        }
    }
}
