public import Foundation

// MARK: - Method

/// An HTTP request method (RFC 9110 §9), a case-sensitive token.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let connect = HTTPMethod("CONNECT")
    public static let trace = HTTPMethod("TRACE")
}

// MARK: - Status

/// An HTTP response status code with its reason phrase (RFC 9110 §15).
public struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    public let code: Int
    public let reasonPhrase: String

    public init(code: Int, reasonPhrase: String? = nil) {
        self.code = code
        self.reasonPhrase = reasonPhrase ?? HTTPStatus.standardReasonPhrases[code] ?? ""
    }

    public var description: String { "\(code) \(reasonPhrase)" }

    public static func == (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public static let ok = HTTPStatus(code: 200)
    public static let created = HTTPStatus(code: 201)
    public static let noContent = HTTPStatus(code: 204)
    public static let badRequest = HTTPStatus(code: 400)
    public static let unauthorized = HTTPStatus(code: 401)
    public static let forbidden = HTTPStatus(code: 403)
    public static let notFound = HTTPStatus(code: 404)
    public static let methodNotAllowed = HTTPStatus(code: 405)
    public static let requestTimeout = HTTPStatus(code: 408)
    public static let contentTooLarge = HTTPStatus(code: 413)
    public static let uriTooLong = HTTPStatus(code: 414)
    public static let unprocessableContent = HTTPStatus(code: 422)
    public static let tooManyRequests = HTTPStatus(code: 429)
    public static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431)
    public static let internalServerError = HTTPStatus(code: 500)
    public static let notImplemented = HTTPStatus(code: 501)
    public static let badGateway = HTTPStatus(code: 502)
    public static let serviceUnavailable = HTTPStatus(code: 503)
    public static let gatewayTimeout = HTTPStatus(code: 504)
    public static let httpVersionNotSupported = HTTPStatus(code: 505)

    static let standardReasonPhrases: [Int: String] = [
        100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
        301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect",
        308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict",
        411: "Length Required", 413: "Content Too Large", 414: "URI Too Long",
        415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 500: "Internal Server Error",
        501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}

// MARK: - Headers

/// An ordered list of header fields with case-insensitive name lookup (RFC 9110 §5).
///
/// Order and repeated fields are kept as received, because some fields (such as
/// `Set-Cookie`) may appear more than once and a proxy must not merge them.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Field = (name: String, value: String)

    private var fields: [Field]

    public init() {
        fields = []
    }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    public var count: Int { fields.count }

    /// The value of the first field with this name, or `nil`.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            if let newValue {
                replaceOrAdd(name: name, value: newValue)
            } else {
                remove(name: name)
            }
        }
    }

    /// The values of every field with this name, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Whether a field with this name is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.caseInsensitiveEquals(name) }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field with this name and appends one with the new value.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        fields.append((name: name, value: value))
    }

    /// Removes every field with this name.
    public mutating func remove(name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// The comma-separated tokens of every field with this name, trimmed and lowercased,
    /// as used by list-valued fields such as `Connection` and `Transfer-Encoding`.
    ///
    /// Items are trimmed of spaces and tabs only and lowercased in ASCII only, because tokens
    /// are ASCII (RFC 9110 §5.6.1, §5.6.2). Unicode rules would read `chunked` with a trailing
    /// no-break space, or with a Kelvin sign for `k`, as `chunked`. A proxy in front reads an
    /// unknown coding instead, and such a disagreement on framing enables request smuggling.
    public func tokens(for name: String) -> [String] {
        values(for: name)
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingOptionalWhitespace().asciiLowercased() }
            .filter { !$0.isEmpty }
    }

    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs (`OWS`, RFC 9110 §5.6.3).
    func trimmingOptionalWhitespace() -> SubSequence {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = firstIndex { !isWhitespace($0) } ?? endIndex
        let end = lastIndex { !isWhitespace($0) }.map(index(after:)) ?? start
        return self[start..<end]
    }

    /// Returns the text with `A`–`Z` lowercased and every other character unchanged.
    func asciiLowercased() -> String {
        String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension String {
    /// ASCII case-insensitive equality, as header names and tokens compare.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}

// MARK: - Address

/// An IPv4 or IPv6 address and a port.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The numeric host, such as `127.0.0.1` or `::1`.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:8080`, or `[::1]:8080` for IPv6.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

// MARK: - Request

/// An HTTP/1.1 request as a server received it or as a client will send it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as on the request line, such as `/orders?id=7`.
    public var target: String
    /// The protocol version from the request line, such as `HTTP/1.1`.
    public var version: String
    public var headers: HTTPHeaders
    public var body: Data
    /// The address of the connection's other end, set by the server; `nil` on a request
    /// built by a client.
    public var peer: SocketAddress?
    /// The parameters the TLS handshake of the connection negotiated, set by an HTTPS server.
    ///
    /// It is `nil` over plain HTTP and on a request built by a client.
    ///
    /// `tls?.peerCertificates` is the client's certificate chain, which the server verified,
    /// when it asked for one (mutual TLS).
    public var tls: TLSConnectionInfo?

    public init(
        method: HTTPMethod,
        target: String,
        version: String = "HTTP/1.1",
        headers: HTTPHeaders = HTTPHeaders(),
        body: Data = Data(),
        peer: SocketAddress? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// The target's path, before any `?`, not percent-decoded.
    ///
    /// NOTE: for an absolute-form target such as `http://host/a?b`, which the server accepts
    /// (RFC 9112 §3.2.2), this is `http://host/a`: scheme and authority are not removed.
    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The target's query, after the first `?`, or `nil` when there is none.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The query's `name=value` pairs, percent-decoded, with `+` read as a space.
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).formDecoded
            let value = parts.count > 1 ? String(parts[1]).formDecoded : ""
            return (name: name, value: value)
        }
    }

    /// The body decoded as UTF-8, or `nil` when it is not valid UTF-8.
    public var bodyText: String? {
        String(data: body, encoding: .utf8)
    }
}

extension String {
    /// Decodes `application/x-www-form-urlencoded` text: `+` is a space, then
    /// percent-escapes; an invalid escape leaves the text as it was.
    var formDecoded: String {
        let spaced = replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

// MARK: - Response

/// An HTTP/1.1 response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Creates a response with a UTF-8 text body and its `Content-Type`.
    public init(
        status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), text: String,
        contentType: String = "text/plain; charset=utf-8"
    ) {
        var headers = headers
        if !headers.contains("Content-Type") {
            headers.add(name: "Content-Type", value: contentType)
        }
        self.init(status: status, headers: headers, body: Data(text.utf8))
    }

    /// Creates a response whose body is `value` encoded as JSON.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), json value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        self.init(status: status, headers: headers, body: try encoder.encode(value))
    }

    /// The body decoded as UTF-8, or `nil` when it is not valid UTF-8.
    public var bodyText: String? {
        String(data: body, encoding: .utf8)
    }
}

/// A function that returns the response to one request.
///
/// A server calls it once per request, possibly many at a time. A thrown error becomes a bare `500 Internal Server Error` whose body
/// reveals nothing about the error.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse
