import Foundation
public import LabKit

/// The body of every response the gateway writes itself: a generic message and the
/// request id, as JSON (`{"error":"Not Found","request_id":"…"}`).
///
/// The message is the status's reason phrase and nothing more: no backend name, no
/// exception text, no path. The request id lets an operator find the full story in the
/// gateway's log.
public struct GatewayErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var requestID: String

    public init(error: String, requestID: String) {
        self.error = error
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case error
        case requestID = "request_id"
    }
}

extension HTTPResponse {
    /// Creates a response that the gateway writes itself, with a ``GatewayErrorBody``.
    /// - Parameters:
    ///   - status: The status; its reason phrase becomes the message.
    ///   - requestID: The request's id.
    ///   - headers: Extra headers, such as `Allow` or `Retry-After`.
    public static func gatewayError(_ status: HTTPStatus, requestID: String, headers: HTTPHeaders = HTTPHeaders())
        -> HTTPResponse
    {
        let body = GatewayErrorBody(error: status.reasonPhrase, requestID: requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data()
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: data)
    }

    /// The body decoded as a ``GatewayErrorBody``, or `nil` when it is something else.
    public var gatewayErrorBody: GatewayErrorBody? {
        try? JSONDecoder().decode(GatewayErrorBody.self, from: body)
    }
}
