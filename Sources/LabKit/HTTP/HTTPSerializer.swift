/// A response or request that cannot be sent because a part of it would not be valid on
/// the wire, such as a header value with a line break.
struct HTTPSerializationError: Error, Sendable, CustomStringConvertible {
    var description: String
}

/// Writes HTTP/1.1 messages as bytes, taking control of framing fields.
///
/// Handlers and callers do not frame messages themselves: any `Content-Length`,
/// `Transfer-Encoding` or `Connection` field they set is replaced, so that the bytes on
/// the wire always match the body that is sent.
enum HTTPSerializer {
    /// Fields that only the serializer writes.
    private static let framingFields = ["Content-Length", "Transfer-Encoding", "Connection"]

    // MARK: - Responses

    /// The decisions the server made about a response before writing it.
    struct ResponseContext {
        /// The request was `HEAD`, so the head is sent without the body (RFC 9110 §9.3.2).
        var isHeadRequest: Bool
        /// The connection closes after this response, announced by `Connection: close`.
        var closesConnection: Bool
        /// The request was HTTP/1.0 with `keep-alive`, which must be confirmed explicitly.
        var confirmsKeepAlive: Bool
    }

    /// Serializes a response with `Content-Length` framing (RFC 9112 §6.2).
    ///
    /// 1xx, 204 and 304 responses get neither `Content-Length` nor a body (RFC 9110 §8.6,
    /// RFC 9112 §6.3 rule 1). A `HEAD` response keeps the handler's `Content-Length` when it
    /// returns an empty body, so that it can state the size a `GET` would return.
    /// - Throws: `HTTPSerializationError` for a status outside 200–599, or a reason phrase,
    ///   field name or field value that contains a byte not allowed there.
    static func serialize(_ response: HTTPResponse, context: ResponseContext) throws -> [UInt8] {
        let code = response.status.code
        guard (200...599).contains(code) else {
            throw HTTPSerializationError(description: "status \(code) cannot be a final response")
        }
        let reason = response.status.reasonPhrase
        guard reason.utf8.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw HTTPSerializationError(
                description: "the reason phrase of status \(code) contains a control character")
        }
        var headers = try validated(response.headers)
        let handlerLength = headers["Content-Length"]
        removeFramingFields(from: &headers)
        let hasBody = code != 204 && code != 304
        if hasBody {
            let length = context.isHeadRequest && response.body.isEmpty ? handlerLength.flatMap(decimalLength) : nil
            headers.add(name: "Content-Length", value: String(length ?? response.body.count))
        }
        if context.closesConnection {
            headers.add(name: "Connection", value: "close")
        } else if context.confirmsKeepAlive {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let sendsBody = hasBody && !context.isHeadRequest
        return head("HTTP/1.1 \(code) \(reason)", headers) + (sendsBody ? Array(response.body) : [])
    }

    /// The bytes of an interim `100 Continue` response (RFC 9110 §15.2.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Serializes an error response that the server itself generates, and that always
    /// closes the connection.
    ///
    /// The body is the status line and a fixed reason.
    static func errorResponse(_ status: HTTPStatus, reason: String? = nil) -> [UInt8] {
        let text =
            reason.map { "\(status.code) \(status.reasonPhrase): \($0)\n" } ?? "\(status.code) \(status.reasonPhrase)\n"
        let headers: HTTPHeaders = [
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Length": String(text.utf8.count),
            "Connection": "close",
        ]
        return head("HTTP/1.1 \(status.code) \(status.reasonPhrase)", headers) + Array(text.utf8)
    }

    // MARK: - Requests

    /// Serializes a request for `address` (RFC 9112 §3).
    ///
    /// Adds `Host` when missing (RFC 9112 §3.2) and `Content-Length` when there is a body
    /// or the method expects one (RFC 9110 §8.6). Sends `HTTP/1.0` only when the request's
    /// version is `HTTP/1.0`, and `HTTP/1.1` otherwise.
    /// - Throws: `LabKitError` with `.invalidArgument` for a method that is not a token, a
    ///   target with spaces or control characters, or an invalid field name or value.
    static func serialize(_ request: HTTPRequest, to address: SocketAddress) throws -> [UInt8] {
        guard HTTPSyntax.isToken(request.method.rawValue) else {
            throw LabKitError(.invalidArgument, "'\(request.method)' is not a valid HTTP method token")
        }
        guard !request.target.isEmpty, request.target.utf8.allSatisfy(HTTPSyntax.isVisibleASCII) else {
            throw LabKitError(
                .invalidArgument,
                "the request target must be non-empty visible ASCII; percent-encode spaces and other bytes")
        }
        var headers: HTTPHeaders
        do {
            headers = try validated(request.headers)
        } catch let error as HTTPSerializationError {
            throw LabKitError(.invalidArgument, "request to \(address): \(error)")
        }
        let connection = headers.values(for: "Connection")
        removeFramingFields(from: &headers)
        for value in connection {
            headers.add(name: "Connection", value: value)
        }
        if !headers.contains("Host") {
            headers.add(name: "Host", value: address.description)
        }
        if !request.body.isEmpty || [.post, .put, .patch].contains(request.method) {
            headers.add(name: "Content-Length", value: String(request.body.count))
        }
        let version = request.version == "HTTP/1.0" ? "HTTP/1.0" : "HTTP/1.1"
        return head("\(request.method) \(request.target) \(version)", headers) + Array(request.body)
    }

    // MARK: - Shared

    private static func validated(_ headers: HTTPHeaders) throws -> HTTPHeaders {
        for (name, value) in headers {
            guard HTTPSyntax.isToken(name) else {
                throw HTTPSerializationError(description: "header field name '\(name)' is not a valid token")
            }
            guard HTTPSyntax.isValidFieldValue(value) else {
                throw HTTPSerializationError(
                    description:
                        "the value of header field '\(name)' contains a line break or another control character")
            }
        }
        return headers
    }

    /// Parses a `Content-Length` value, which is `1*DIGIT` (RFC 9110 §8.6); `Int.init` alone
    /// would also accept `-5` and `+5`.
    private static func decimalLength(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    private static func removeFramingFields(from headers: inout HTTPHeaders) {
        for name in framingFields {
            headers.remove(name: name)
        }
    }

    private static func head(_ startLine: String, _ headers: HTTPHeaders) -> [UInt8] {
        var text = startLine + "\r\n"
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }
}
