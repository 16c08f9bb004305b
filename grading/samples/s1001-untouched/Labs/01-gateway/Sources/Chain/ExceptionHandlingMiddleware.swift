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
        // TODO: Part 4 — call next. Turn a thrown error or a 5xx response into a generic
        // gateway error with the request id, and log the real cause as described above.
        throw LabKitError.notImplemented("turn errors and backend failures into generic responses", part: 4)
    }
}
