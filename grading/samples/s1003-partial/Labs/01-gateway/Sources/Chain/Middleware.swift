public import LabKit

/// A request on its way through the gateway, with what the middleware learned so far.
public struct RequestContext: Sendable {
    /// The request as the client sent it, with ``HTTPRequest/peer`` set by the server.
    public var request: HTTPRequest
    /// A unique id for this request, sent back in `X-Request-ID`, forwarded to the
    /// backend and added to every log record, so that one request can be traced.
    public let requestID: String
    /// The route, set by ``RoutingMiddleware``.
    public var match: RouteMatch?
    /// The calling application, set by ``AuthenticationMiddleware``.
    public var application: ClientApplication?

    public init(
        request: HTTPRequest, requestID: String, match: RouteMatch? = nil, application: ClientApplication? = nil
    ) {
        self.request = request
        self.requestID = requestID
        self.match = match
        self.application = application
    }
}

/// The rest of the chain after a middleware: call it to pass the request on.
public typealias Next = @Sendable (RequestContext) async throws -> HTTPResponse

/// One step of the gateway's request processing.
///
/// A middleware either responds to the request itself (a rejection) or calls `next` to pass
/// it on, possibly with an updated context, and may then change the response on its way
/// back. This is the shape of Envoy's HTTP filters and Kong's plugins.
public protocol Middleware: Sendable {
    /// Responds to the request or passes it to the rest of the chain.
    func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse
}

/// Middleware run in order, ending in a final handler (the upstream).
public struct MiddlewareChain: Sendable {
    public let middlewares: [any Middleware]
    private let terminal: Next

    /// Creates a chain; the first middleware runs first and receives the response last.
    public init(_ middlewares: [any Middleware], terminal: @escaping Next) {
        self.middlewares = middlewares
        self.terminal = terminal
    }

    /// Runs the request through every middleware and then the terminal handler.
    public func respond(to context: RequestContext) async throws -> HTTPResponse {
        try await step(0, context)
    }

    private func step(_ index: Int, _ context: RequestContext) async throws -> HTTPResponse {
        guard index < middlewares.count else {
            return try await terminal(context)
        }
        return try await middlewares[index].respond(to: context) { next in
            try await self.step(index + 1, next)
        }
    }
}

/// An error meaning that the gateway itself is set up wrongly.
///
/// An example is a middleware that needs a route placed before routing. The request then
/// fails with `500`.
struct GatewayMisconfiguration: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
