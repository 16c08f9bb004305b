public import LabKit

/// Finds the route for a request, or responds with `400`, `404` or `405` itself.
public struct RoutingMiddleware: Middleware {
    public let table: RouteTable

    public init(table: RouteTable) {
        self.table = table
    }

    /// Looks up the route with ``RouteTable/route(method:path:)`` and acts on the decision.
    ///
    /// - ``RoutingDecision/matched(_:)``: sets ``RequestContext/match`` and calls `next`;
    /// - ``RoutingDecision/methodNotAllowed(allowed:)``: `405 Method Not Allowed` with an
    ///   `Allow` header listing the methods, comma-separated (RFC 9110 §10.2.1);
    /// - ``RoutingDecision/notFound``: `404 Not Found`;
    /// - ``RoutingDecision/badRequest``: `400 Bad Request`.
    ///
    /// Every response the middleware writes itself is ``HTTPResponse/gatewayError(_:requestID:headers:)``,
    /// so an internal path and an unknown path get byte-for-byte the same body, apart
    /// from the request id.
    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        let decision = table.route(method: context.request.method, path: context.request.path)
        switch decision {
        case .matched(let match):
            var routed = context
            routed.match = match
            return try await next(routed)
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            return .gatewayError(.methodNotAllowed, requestID: context.requestID, headers: ["Allow": allow])
        case .notFound:
            return .gatewayError(.notFound, requestID: context.requestID)
        case .badRequest:
            return .gatewayError(.badRequest, requestID: context.requestID)
        }
    }
}
