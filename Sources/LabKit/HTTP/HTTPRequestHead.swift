/// The parsed head of a request, with the framing and connection decisions made from it.
struct HTTPRequestHead: Sendable {
    var method: HTTPMethod
    var target: String
    var version: String
    var headers: HTTPHeaders
    /// The framing that marks the end of the body (RFC 9112 §6.3).
    var framing: HTTPBodyFraming
    /// Whether the connection stays open after the response (RFC 9112 §9.3).
    var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1).
    var expectsContinue: Bool

    /// The transfer codings that this server recognizes; it decodes only `chunked`.
    private static let knownTransferCodings: Set<String> = [
        "chunked", "compress", "deflate", "gzip", "x-compress", "x-gzip",
    ]

    /// Parses a request head from its lines, as returned by ``MessageReader/readHead(limits:deadline:)``.
    ///
    /// - Throws: `HTTPParseError` with the response status: 400 for invalid syntax or
    ///   ambiguous framing, 501 for an unsupported transfer coding, 505 for an HTTP version
    ///   other than 1.0 and 1.1, 417 for an unsupported expectation.
    init(lines: [[UInt8]]) throws {
        guard let requestLine = lines.first else {
            throw HTTPParseError.badRequest("the request has no request line")
        }
        (method, target, version) = try Self.parseRequestLine(requestLine)
        headers = try HTTPFieldParser.parse(lines.dropFirst())
        try Self.validateTarget(target, method: method)
        try Self.validateHost(headers, version: version)
        framing = try Self.framing(of: headers, version: version)
        keepAlive = Self.keepAlive(headers, version: version)
        expectsContinue = try Self.expectsContinue(headers, version: version)
    }

    // MARK: - Request line

    /// Splits `method SP request-target SP HTTP-version` on single spaces (RFC 9112 §3).
    private static func parseRequestLine(_ line: [UInt8]) throws -> (HTTPMethod, String, String) {
        let parts = line.split(separator: HTTPSyntax.space, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw HTTPParseError.badRequest(
                "the request line must be 'METHOD TARGET HTTP/1.1' with single spaces (HTTP/0.9 requests are not accepted)"
            )
        }
        guard HTTPSyntax.isToken(parts[0]) else {
            throw HTTPParseError.badRequest("the request method is not a token")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy(HTTPSyntax.isVisibleASCII) else {
            throw HTTPParseError.badRequest("the request target is empty or contains a character outside visible ASCII")
        }
        let version = try parseVersion(parts[2])
        let method = HTTPMethod(String(decoding: parts[0], as: UTF8.self))
        return (method, String(decoding: parts[1], as: UTF8.self), version)
    }

    /// Checks `HTTP-version = "HTTP/" DIGIT "." DIGIT` (RFC 9112 §2.3) and that it is 1.0 or 1.1.
    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws -> String {
        let version = String(decoding: bytes, as: UTF8.self)
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let chars = Array(version)
        guard chars.count == 8, version.hasPrefix("HTTP/"), isDigit(chars[5]), chars[6] == ".", isDigit(chars[7]) else {
            throw HTTPParseError.badRequest("the HTTP version is not of the form HTTP/1.1")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPParseError(.httpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        return version
    }

    /// Accepts the four request-target forms, each only where it belongs (RFC 9112 §3.2).
    private static func validateTarget(_ target: String, method: HTTPMethod) throws {
        if target.hasPrefix("/") { return }
        if target == "*" && method == .options { return }
        if method == .connect && !target.contains("/") { return }
        let lowercased = target.lowercased()
        if lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") { return }
        throw HTTPParseError.badRequest(
            "the request target is not an absolute path, an absolute http(s) URI, '*' for OPTIONS, or an authority for CONNECT"
        )
    }

    // MARK: - Fields

    /// Requires exactly one `Host` in HTTP/1.1 and at most one in HTTP/1.0, with a valid
    /// value (RFC 9112 §3.2).
    private static func validateHost(_ headers: HTTPHeaders, version: String) throws {
        let hosts = headers.values(for: "Host")
        if hosts.isEmpty && version == "HTTP/1.1" {
            throw HTTPParseError.badRequest("an HTTP/1.1 request must have a Host header field")
        }
        guard hosts.count <= 1 else {
            throw HTTPParseError.badRequest("the request has more than one Host header field")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=:[]".utf8)
        if let host = hosts.first, !host.utf8.allSatisfy(allowed.contains) {
            throw HTTPParseError.badRequest("the Host header field is not a valid host and port")
        }
    }

    /// Decides how the body ends (RFC 9112 §6.1, §6.3), rejecting every ambiguous case.
    private static func framing(of headers: HTTPHeaders, version: String) throws -> HTTPBodyFraming {
        let length = try HTTPFieldParser.contentLength(of: headers)
        guard headers.contains("Transfer-Encoding") else {
            return length.map { $0 == 0 ? .none : .length($0) } ?? .none
        }
        // A message with both could be framed either way by two different parsers.
        guard length == nil else {
            throw HTTPParseError.badRequest("a request must not have both Content-Length and Transfer-Encoding")
        }
        guard version == "HTTP/1.1" else {
            throw HTTPParseError.badRequest("Transfer-Encoding is not defined for HTTP/1.0 requests")
        }
        try validateTransferCodings(headers.tokens(for: "Transfer-Encoding"))
        return .chunked
    }

    /// Accepts only `Transfer-Encoding: chunked`.
    private static func validateTransferCodings(_ codings: [String]) throws {
        guard codings.allSatisfy(knownTransferCodings.contains) else {
            throw HTTPParseError(
                .notImplemented, "the request uses a transfer coding that this server does not implement")
        }
        guard codings.last == "chunked", codings.count(where: { $0 == "chunked" }) == 1 else {
            throw HTTPParseError.badRequest("chunked must be the final transfer coding, applied once")
        }
        guard codings.count == 1 else {
            throw HTTPParseError(.notImplemented, "the only transfer coding this server decodes is chunked")
        }
    }

    /// HTTP/1.1 connections persist unless `close` is sent; HTTP/1.0 ones only with
    /// `keep-alive` (RFC 9112 §9.3).
    private static func keepAlive(_ headers: HTTPHeaders, version: String) -> Bool {
        let options = headers.tokens(for: "Connection")
        if options.contains("close") { return false }
        return version == "HTTP/1.1" || options.contains("keep-alive")
    }

    /// Reads `Expect`: `100-continue` is the only expectation defined, and an HTTP/1.0
    /// request's expectation is ignored (RFC 9110 §10.1.1).
    private static func expectsContinue(_ headers: HTTPHeaders, version: String) throws -> Bool {
        let expectations = headers.tokens(for: "Expect")
        guard version == "HTTP/1.1", !expectations.isEmpty else { return false }
        guard expectations.allSatisfy({ $0 == "100-continue" }) else {
            throw HTTPParseError(.expectationFailed, "the only supported expectation is 100-continue")
        }
        return true
    }
}
