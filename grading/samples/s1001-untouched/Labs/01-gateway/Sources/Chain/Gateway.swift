import Foundation
public import LabKit

/// The gateway's routes, client applications and rate limits.
public struct GatewayConfiguration: Sendable {
    public var routes: RouteTable
    public var applications: ApplicationRegistry
    /// The limit per source IP address, applied before authentication.
    public var sourceRateLimit: RateLimitPolicy
    /// The limit per client application, applied after authentication.
    public var applicationRateLimit: RateLimitPolicy

    public init(
        routes: RouteTable,
        applications: ApplicationRegistry,
        sourceRateLimit: RateLimitPolicy,
        applicationRateLimit: RateLimitPolicy
    ) {
        self.routes = routes
        self.applications = applications
        self.sourceRateLimit = sourceRateLimit
        self.applicationRateLimit = applicationRateLimit
    }
}

/// The parts a gateway's middleware are built from, made once per gateway so that rate
/// limits persist from one request to the next.
public struct GatewayComponents: Sendable {
    public let routes: RouteTable
    public let applications: ApplicationRegistry
    public let sourceLimiter: RateLimiter
    public let applicationLimiter: RateLimiter
    public let logger: Logger
}

/// An API gateway: the single entry point in front of internal services, which
/// authenticates, authorizes, rate-limits and routes every request before forwarding it.
///
/// ```swift
/// let gateway = Gateway(configuration: configuration, upstream: forwarder, logger: logger)
/// let server = HTTPServer(configuration: .init(), logger: logger, handler: gateway.handle)
/// ```
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let components: GatewayComponents
    private let chain: MiddlewareChain

    /// Creates a gateway.
    /// - Parameters:
    ///   - configuration: Routes, applications and limits.
    ///   - upstream: Where authorized requests go: a ``Forwarder``, or a stub in tests.
    ///   - clock: The time source of the rate limiters.
    ///   - logger: Where the gateway logs; every record carries a `request_id`.
    public init(
        configuration: GatewayConfiguration, upstream: any Upstream, clock: any WallClock = SystemClock(),
        logger: Logger
    ) {
        let components = GatewayComponents(
            routes: configuration.routes,
            applications: configuration.applications,
            sourceLimiter: RateLimiter(policy: configuration.sourceRateLimit, clock: clock),
            applicationLimiter: RateLimiter(policy: configuration.applicationRateLimit, clock: clock),
            logger: logger
        )
        self.configuration = configuration
        self.components = components
        self.chain = MiddlewareChain(Gateway.middlewares(for: components)) { context in
            try await upstream.send(context)
        }
    }

    /// The middleware this gateway runs, in order.
    public var middlewares: [any Middleware] { chain.middlewares }

    /// Handles one request: gives it a fresh request id, runs the middleware chain and
    /// returns the response with that id in `X-Request-ID`.
    ///
    /// Pass this method to `HTTPServer` as its handler.
    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let context = RequestContext(request: request, requestID: UUID().uuidString.lowercased())
        var response = try await chain.respond(to: context)
        response.headers.replaceOrAdd(name: "X-Request-ID", value: context.requestID)
        return response
    }
}
