/// The parsed head of a response, with the framing and reuse decisions made from it.
struct HTTPResponseHead: Sendable {
    var version: String
    var status: HTTPStatus
    var headers: HTTPHeaders
    /// The framing that marks the end of the body (RFC 9112 §6.3).
    var framing: HTTPBodyFraming
    /// Whether the connection may carry another request after this response (RFC 9112 §9.3).
    var keepAlive: Bool

    /// Whether this is an interim response (1xx) that a final one follows, such as `100 Continue`.
    var isInterim: Bool { (100..<200).contains(status.code) }

    /// Parses a response head from its lines.
    ///
    /// - Parameters:
    ///   - lines: The status line and field lines, as returned by
    ///     ``MessageReader/readHead(limits:deadline:)``.
    ///   - requestMethod: The method of the request. A response to `HEAD` has no body.
    /// - Throws: `HTTPParseError` for an invalid status line or field, a version other than
    ///   HTTP/1.0 or HTTP/1.1, `101 Switching Protocols`, or an invalid `Content-Length`.
    init(lines: [[UInt8]], requestMethod: HTTPMethod) throws {
        guard let statusLine = lines.first else {
            throw HTTPParseError.badRequest("the response has no status line")
        }
        (version, status) = try Self.parseStatusLine(statusLine)
        headers = try HTTPFieldParser.parse(lines.dropFirst())
        guard status.code != 101 else {
            throw HTTPParseError.badRequest("the server switched protocols, which HTTPClient does not support")
        }
        let hasFramingConflict = headers.contains("Transfer-Encoding") && headers.contains("Content-Length")
        framing = try Self.framing(status: status.code, headers: headers, requestMethod: requestMethod)
        keepAlive = !hasFramingConflict && framing != .untilClose && Self.persists(headers, version: version)
    }

    /// Parses `HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4); a missing
    /// space after the code is tolerated.
    private static func parseStatusLine(_ line: [UInt8]) throws -> (String, HTTPStatus) {
        let parts = line.split(separator: HTTPSyntax.space, maxSplits: 2, omittingEmptySubsequences: false)
        let version = String(decoding: parts[0], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPParseError.badRequest("the status line does not start with HTTP/1.1 or HTTP/1.0")
        }
        guard parts.count >= 2, parts[1].count == 3,
            parts[1].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let code = Int(String(decoding: parts[1], as: UTF8.self)), code >= 100
        else {
            throw HTTPParseError.badRequest("the status code is not three digits from 100 to 999")
        }
        let reason = parts.count == 3 ? parts[2] : []
        guard reason.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw HTTPParseError.badRequest("the reason phrase contains a control character")
        }
        return (version, HTTPStatus(code: code, reasonPhrase: HTTPSyntax.decodeText(reason)))
    }

    /// Chooses the framing by the rules of RFC 9112 §6.3, in order.
    ///
    /// Responses to `HEAD` and 1xx, 204 and 304 responses have no body. `Transfer-Encoding`
    /// takes precedence over `Content-Length`, and without either the body ends when the
    /// server closes the connection.
    private static func framing(status: Int, headers: HTTPHeaders, requestMethod: HTTPMethod) throws -> HTTPBodyFraming
    {
        if requestMethod == .head || (100..<200).contains(status) || status == 204 || status == 304 {
            return .none
        }
        if headers.contains("Transfer-Encoding") {
            return headers.tokens(for: "Transfer-Encoding").last == "chunked" ? .chunked : .untilClose
        }
        guard let length = try HTTPFieldParser.contentLength(of: headers) else { return .untilClose }
        return length == 0 ? .none : .length(length)
    }

    private static func persists(_ headers: HTTPHeaders, version: String) -> Bool {
        let options = headers.tokens(for: "Connection")
        if options.contains("close") { return false }
        return version == "HTTP/1.1" || options.contains("keep-alive")
    }
}
