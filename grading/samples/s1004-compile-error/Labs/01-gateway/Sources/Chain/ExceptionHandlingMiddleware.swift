public import LabKit

/// Turns every error and every backend failure into a generic response with a request
/// id, and logs the real cause under that id.
///
/// Error text is for operators, not clients: a stack trace, an SQL statement, a file
/// path or an internal host name in a response shows an attacker how the system is
/// built and where to push next (CWE-209).
public struct ExceptionHandlingMiddleware: Middleware {
    /// Response headers kept when a backend's `5xx` response is replaced; every other
    /// header from the backend could describe its internals.
    public static let preservedHeaders = ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]

    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Calls `next` and returns its response, with two exceptions.
    ///
    /// - If `next` throws, logs the error at `error` with the request id (metadata key
    ///   `request_id`) and responds with `500 Internal Server Error` with a
    ///   ``HTTPResponse/gatewayError(_:requestID:headers:)`` body.
    /// - If the response is a server error (`500`–`599`), logs its status and body at
    ///   `error` with the request id, and replaces it with a gateway error of the same
    ///   status that keeps only the ``preservedHeaders``.
    ///
    /// Client errors (`4xx`) pass unchanged: they are part of the backend's API.
    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await next(context)
        } catch {
            logger.error("request failed: \(error)", metadata: ["request_id": context.requestID])
            return .gatewayError(.internalServerError, requestID: context.requestID)
        }
        guard (500...599).contains(response.status.code) else {
            return response
        }

        let body = response.bodyText ?? "\(response.body.count) bytes that are not UTF-8"
        logger.error(
            "backend responded with \(response.status): \(body)",
            metadata: ["request_id": context.requestID, "status": String(response.status.code)]
        )
        let preservedNames = Set(Self.preservedHeaders.map { $0.lowercased() })
        var preservedFields = HTTPHeaders()
        for field in response.headers where preservedNames.contains(field.name.lowercased()) {
            preservedFields.add(name: field.name, value: field.value)
        }
        return .gatewayError(response.status, requestID: context.requestID, headers: preservedFields)
    }
}
