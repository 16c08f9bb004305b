import Testing

@testable import LabKit

/// A request that a strict server must reject, and the status of the expected response.
struct MalformedRequest: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: String
    var status: Int

    var testDescription: String { name }
}

/// Small limits, so that oversized requests stay small.
private let strictConfiguration = HTTPServer.Configuration(
    maxRequestLineLength: 256,
    maxHeaderCount: 10,
    maxHeaderBytes: 1024,
    maxBodyBytes: 1024
)

private let host = "Host: test\r\n"

private let malformedRequests: [MalformedRequest] = [
    // Request line (RFC 9112 §3)
    .init(name: "double space in request line", bytes: "GET  / HTTP/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "HTTP/0.9 request without version", bytes: "GET /\r\n\r\n", status: 400),
    .init(name: "space inside target", bytes: "GET /a b HTTP/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "lowercase version", bytes: "GET / http/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "invalid method character", bytes: "G(T / HTTP/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "relative target", bytes: "GET index.html HTTP/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "control byte in target", bytes: "GET /\u{7F} HTTP/1.1\r\n\(host)\r\n", status: 400),
    .init(name: "HTTP/2.0", bytes: "GET / HTTP/2.0\r\n\(host)\r\n", status: 505),
    .init(name: "HTTP/0.9 version", bytes: "GET / HTTP/0.9\r\n\(host)\r\n", status: 505),
    .init(
        name: "request line too long", bytes: "GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\n\(host)\r\n",
        status: 414),
    // Line ends (RFC 9112 §2.2)
    .init(name: "bare LF line ends", bytes: "GET / HTTP/1.1\nHost: test\n\n", status: 400),
    .init(name: "bare LF in header section", bytes: "GET / HTTP/1.1\r\nHost: test\nX: y\r\n\r\n", status: 400),
    .init(name: "bare CR in value", bytes: "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n", status: 400),
    // Header fields (RFC 9112 §5, RFC 9110 §5)
    .init(name: "space in header name", bytes: "GET / HTTP/1.1\r\n\(host)Bad Name: x\r\n\r\n", status: 400),
    .init(name: "space before colon", bytes: "GET / HTTP/1.1\r\n\(host)X-Test : x\r\n\r\n", status: 400),
    .init(name: "header line without colon", bytes: "GET / HTTP/1.1\r\n\(host)NoColon\r\n\r\n", status: 400),
    .init(name: "NUL in header value", bytes: "GET / HTTP/1.1\r\n\(host)X: a\u{0}b\r\n\r\n", status: 400),
    .init(name: "obsolete line folding", bytes: "GET / HTTP/1.1\r\n\(host)X: a\r\n  folded\r\n\r\n", status: 400),
    .init(name: "missing Host", bytes: "GET / HTTP/1.1\r\n\r\n", status: 400),
    .init(name: "two Host fields", bytes: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
    .init(name: "invalid Host value", bytes: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", status: 400),
    .init(
        name: "too many header fields",
        bytes: "GET / HTTP/1.1\r\n\(host)" + (1...12).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
    .init(
        name: "header section too large",
        bytes: "GET / HTTP/1.1\r\n\(host)X: \(String(repeating: "v", count: 1100))\r\n\r\n", status: 431),
    .init(name: "unsupported expectation", bytes: "GET / HTTP/1.1\r\n\(host)Expect: magic\r\n\r\n", status: 417),
    // Content-Length (RFC 9112 §6.3)
    .init(name: "negative Content-Length", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", status: 400),
    .init(
        name: "non-numeric Content-Length", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: abc\r\n\r\n", status: 400),
    .init(
        name: "signed Content-Length", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\nhello", status: 400),
    .init(
        name: "differing Content-Length fields",
        bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", status: 400),
    .init(
        name: "differing Content-Length list", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 6\r\n\r\nhello!",
        status: 400),
    .init(name: "body over limit", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: 2000\r\n\r\n", status: 413),
    .init(
        name: "huge Content-Length", bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n",
        status: 413),
    // Smuggling: Content-Length with Transfer-Encoding (RFC 9112 §6.1)
    .init(
        name: "CL.TE",
        bytes: "POST / HTTP/1.1\r\n\(host)Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX",
        status: 400),
    .init(
        name: "TE.CL",
        bytes:
            "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
        status: 400),
    .init(name: "TE in HTTP/1.0", bytes: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
    .init(
        name: "chunked not final", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n",
        status: 400),
    .init(
        name: "chunked twice", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n",
        status: 400),
    .init(
        name: "obfuscated coding", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\n\r\n", status: 501),
    .init(
        name: "unknown transfer coding", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: foo\r\n\r\n", status: 501),
    .init(
        name: "gzip without chunked", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", status: 400),
    .init(
        name: "gzip then chunked", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        status: 501),
    // Chunked coding (RFC 9112 §7.1)
    .init(
        name: "non-hex chunk size", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        status: 400),
    .init(
        name: "negative chunk size",
        bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n", status: 400),
    .init(
        name: "0x chunk size", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n",
        status: 400),
    .init(
        name: "empty chunk size", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n\r\n", status: 400
    ),
    .init(
        name: "chunk size with trailing space",
        bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", status: 400),
    .init(
        name: "seventeen-digit chunk size",
        bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n00000000000000005\r\nhello\r\n", status: 400
    ),
    .init(
        name: "chunk longer than its size",
        bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", status: 400),
    .init(
        name: "chunk size line with bare LF",
        bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", status: 400),
    .init(
        name: "chunks over body limit", bytes: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n800\r\n",
        status: 413),
]

@Suite("HTTP server rejects malformed requests")
struct HTTPMalformedRequestTests {
    @Test("malformed request", arguments: malformedRequests)
    func rejects(_ request: MalformedRequest) async throws {
        try await withServer(strictConfiguration) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(request.bytes)
            let response = try await connection.readResponse()
            #expect(response.statusCode == request.status, "'\(request.name)' must be answered with \(request.status)")
            #expect(
                response.header("Connection") == "close", "an error response must announce that the connection closes")
            let rest = try await connection.readUntilClose()
            #expect(
                rest.isEmpty,
                "after an error response the server must close, since it cannot tell where the next request starts")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must still serve normal requests")
        }
    }

    @Test("matching duplicate Content-Length accepted")
    func matchingDuplicateLength() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.bodyText ?? "") }
        try await withServer(strictConfiguration, handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send(
                "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello")
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 200,
                "identical Content-Length values state one length, so they are accepted (RFC 9112 §6.3)")
            #expect(response.body == "hello", "the body must be read with that length")
        }
    }

    @Test("leading empty lines ignored")
    func leadingEmptyLines() async throws {
        try await withServer(strictConfiguration) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("\r\n\r\n" + normalRequest)
            let response = try await connection.readResponse()
            #expect(
                response.statusCode == 200, "a server should ignore empty lines before a request line (RFC 9112 §2.2)")
        }
    }

    @Test("truncated head closes quietly")
    func truncatedHead() async throws {
        try await withServer(strictConfiguration) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("GET / HTTP/1.1\r\nHo")
            connection.shutdownWrite()
            #expect(
                try await connection.readUntilClose().isEmpty,
                "a request cut short by the client gets no response, only a close")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must still serve normal requests")
        }
    }

    @Test("truncated body closes quietly")
    func truncatedBody() async throws {
        try await withServer(strictConfiguration) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            try await connection.send("POST / HTTP/1.1\r\n\(host)Content-Length: 10\r\n\r\nabc")
            connection.shutdownWrite()
            #expect(
                try await connection.readUntilClose().isEmpty,
                "a body cut short by the client gets no response, only a close")
            #expect(try await statusOfNormalRequest(to: address) == 200, "the server must still serve normal requests")
        }
    }

    @Test("smuggled request is not served")
    func smuggledRequestNotServed() async throws {
        let handler: HTTPHandler = { request in HTTPResponse(status: .ok, text: request.path) }
        try await withServer(strictConfiguration, handler: handler) { _, address in
            var connection = try await RawConnection.open(address)
            defer { connection.close() }
            let smuggled = "GET /admin HTTP/1.1\r\n\(host)\r\n"
            try await connection.send(
                "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled)
            let response = try await connection.readResponse()
            #expect(response.statusCode == 400, "a request framed two ways must be rejected")
            let rest = try await connection.readUntilClose()
            #expect(!rest.contains("/admin"), "the bytes after the rejected request must never be served as a request")
        }
    }
}
