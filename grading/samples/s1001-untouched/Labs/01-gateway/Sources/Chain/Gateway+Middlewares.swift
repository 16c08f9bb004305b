extension Gateway {
    /// Builds the gateway's middleware chain, outermost first.
    ///
    /// 1. ``ExceptionHandlingMiddleware``, outermost, so that nothing after it can leak
    ///    an error or crash a request without a logged request id.
    /// 2. ``RateLimitMiddleware`` by ``RateLimitMiddleware/Key/sourceAddress``, before
    ///    anything costly: an unauthenticated flood is throttled before each request
    ///    costs a key lookup.
    /// 3. ``AuthenticationMiddleware``, before routing, so a client without a valid key
    ///    learns nothing about which paths exist: every path gets the same `401`.
    /// 4. ``RateLimitMiddleware`` by ``RateLimitMiddleware/Key/application``, as soon as
    ///    the application is known, so every request it makes counts, forbidden ones too.
    /// 5. ``RoutingMiddleware``: `404`, `405` or `400` for requests no public route matches.
    /// 6. ``AuthorizationMiddleware``: `403` unless the application may call the route.
    /// 7. ``AccessControlMiddleware``: `403` unless the application calls from one of its
    ///    networks.
    ///
    /// - Parameter components: The gateway's routes, applications, limiters and logger.
    public static func middlewares(for components: GatewayComponents) -> [any Middleware] {
        // TODO: Part 4 — return the middleware in the order listed above, built from components.
        // With no middleware, every request goes straight to the upstream.
        return []
    }
}
