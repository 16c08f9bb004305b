public import LabKit

/// The gateway's route table: which requests it forwards, and to which service.
///
/// The table is an allow list. A request that no public route matches gets its response from
/// the gateway itself and never reaches a backend.
public struct RouteTable: Sendable {
    /// The routes in the order they were given.
    public let routes: [Route]

    /// Creates a table.
    /// - Throws: `LabKitError` with code `.invalidArgument` when two routes share a name.
    public init(_ routes: [Route]) throws {
        var names: Set<String> = []
        for route in routes where !names.insert(route.name).inserted {
            throw LabKitError(.invalidArgument, "route name \"\(route.name)\" is used twice; names must be unique")
        }
        self.routes = routes
    }

    /// Decides what the gateway does with a request's method and path.
    ///
    /// - The path is read with ``RequestPath/canonicalSegments(of:)``; a rejected path
    ///   is ``RoutingDecision/badRequest``.
    /// - A pattern matches when it has as many segments as the path, every literal
    ///   segment equals the path's segment exactly (case-sensitive, after decoding), and
    ///   every `{parameter}` takes one whole segment. `/orders` therefore never matches
    ///   `/orders-admin` or `/orders/42`.
    /// - Internal routes are skipped entirely, so an internal path is
    ///   ``RoutingDecision/notFound``, indistinguishable from a path that does not exist.
    /// - Among matching public routes with the request's method, the one with the most
    ///   literal segments wins (`/orders/export` before `/orders/{id}`). On a tie, the
    ///   earlier route wins.
    /// - If public routes match the path but none has the method, the decision is
    ///   ``RoutingDecision/methodNotAllowed(allowed:)`` with their methods
    ///   (RFC 9110 §15.5.6).
    /// - A match carries the decoded parameters and the canonical path
    ///   (``RequestPath/path(from:)``) to forward.
    ///
    /// - Parameters:
    ///   - method: The request method, compared exactly (methods are case-sensitive).
    ///   - path: The request path before any `?`, not decoded.
    public func route(method: HTTPMethod, path: String) -> RoutingDecision {
        guard let segments = RequestPath.canonicalSegments(of: path) else {
            return .badRequest
        }

        // Internal routes are invisible from outside: leave them out before anything else.
        let candidates = routes.filter { $0.exposure == .public }
        let pathMatches = candidates.compactMap { route in
            Self.parameters(of: route, matching: segments).map { (route: route, parameters: $0) }
        }
        guard !pathMatches.isEmpty else {
            return .notFound
        }

        let methodMatches = pathMatches.filter { $0.route.method == method }
        guard let best = Self.mostSpecific(methodMatches) else {
            var allowed: [HTTPMethod] = []
            for match in pathMatches where !allowed.contains(match.route.method) {
                allowed.append(match.route.method)
            }
            return .methodNotAllowed(allowed: allowed)
        }
        let match = RouteMatch(route: best.route, parameters: best.parameters, path: RequestPath.path(from: segments))
        return .matched(match)
    }

    /// Returns the captured parameters when the route's pattern matches the segments, else `nil`.
    private static func parameters(of route: Route, matching segments: [String]) -> [String: String]? {
        guard route.segments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (patternSegment, segment) in zip(route.segments, segments) {
            switch patternSegment {
            case .literal(let text):
                // Compare bytes: Swift's == treats canonically equivalent Unicode as equal,
                // but a backend compares the bytes it receives.
                guard text.utf8.elementsEqual(segment.utf8) else { return nil }
            case .parameter(let name):
                parameters[name] = segment
            }
        }
        return parameters
    }

    /// Returns the first of the matches with the most literal segments.
    private static func mostSpecific(
        _ matches: [(route: Route, parameters: [String: String])]
    ) -> (route: Route, parameters: [String: String])? {
        func literalCount(_ route: Route) -> Int {
            route.segments.filter { if case .literal = $0 { true } else { false } }.count
        }
        var best: (route: Route, parameters: [String: String])?
        for match in matches where best.map({ literalCount(match.route) > literalCount($0.route) }) ?? true {
            best = match
        }
        return best
    }
}
