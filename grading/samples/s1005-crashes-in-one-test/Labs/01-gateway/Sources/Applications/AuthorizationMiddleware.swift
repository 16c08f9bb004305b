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
        guard let match = context.match else {
            throw GatewayMisconfiguration("AuthorizationMiddleware needs a route; place it after RoutingMiddleware")
        }
        guard let application = context.application else {
            throw GatewayMisconfiguration(
                "AuthorizationMiddleware needs an application; place it after AuthenticationMiddleware")
        }
        if application.permittedRoutes.contains(match.route.name) {
            return try await next(context)
        }

        logger.notice(
            "application called a route it is not permitted",
            metadata: ["request_id": context.requestID, "application": application.id, "route": match.route.name]
        )
        return .gatewayError(.forbidden, requestID: context.requestID)
    }
}
