public import LabKit

/// Lets an application call only the routes it is permitted, or responds with `403 Forbidden`.
public struct AuthorizationMiddleware: Middleware {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Calls `next` when the route's name is in the application's
    /// ``ClientApplication/permittedRoutes``.
    ///
    /// Otherwise the middleware responds with `403 Forbidden` and a
    /// ``HTTPResponse/gatewayError(_:requestID:headers:)`` body, and logs the application
    /// and route at `notice`.
    ///
    /// The middleware runs after routing and authentication. If either
    /// ``RequestContext/match`` or ``RequestContext/application`` is missing, the chain is
    /// assembled in the wrong order: it throws rather than guess, so the request fails
    /// closed with `500`.
    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        // TODO: Part 2 — pass the request on only if the application is permitted the matched route.
        throw LabKitError.notImplemented("authorize the application for the route", part: 2)
    }
}
