/// A protocol violation found while reading a message, with the status of the server's response to it.
///
/// The server sends ``status`` with ``reason`` as a short plain-text body and closes the
/// connection; the client turns it into a `LabKitError` (see ``labKitError(from:)``).
/// The reason names the rule that was broken, never the bytes received, so the response
/// reflects nothing an attacker sent.
struct HTTPParseError: Error, Sendable, CustomStringConvertible {
    var status: HTTPStatus
    var reason: String

    init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    var description: String { "\(status): \(reason)" }

    static func badRequest(_ reason: String) -> HTTPParseError {
        HTTPParseError(.badRequest, reason)
    }

    /// Converts this error into the client's error: `.limitExceeded` for a size limit,
    /// `.invalidHTTPMessage` otherwise.
    func labKitError(from peer: SocketAddress) -> LabKitError {
        let isLimit = [413, 414, 431].contains(status.code)
        return LabKitError(
            isLimit ? .limitExceeded : .invalidHTTPMessage,
            "the response from \(peer) was rejected: \(reason)",
            cause: self
        )
    }
}

extension HTTPStatus {
    /// 417 Expectation Failed: the request's `Expect` field asked for something other than
    /// `100-continue` (RFC 9110 §15.5.18).
    static let expectationFailed = HTTPStatus(code: 417, reasonPhrase: "Expectation Failed")
    /// 100 Continue, sent before reading a body that the client holds back (RFC 9110 §15.2.1).
    static let `continue` = HTTPStatus(code: 100)
}
