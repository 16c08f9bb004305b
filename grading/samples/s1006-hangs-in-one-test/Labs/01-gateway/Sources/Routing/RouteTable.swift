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

        // Every public route whose pattern fits the path, with what it captured.
        var candidates: [(route: Route, parameters: [String: String])] = []
        for route in routes where route.exposure == .public {
            if let parameters = Self.bind(route.segments, to: segments) {
                candidates.append((route, parameters))
            }
        }
        guard !candidates.isEmpty else {
            return .notFound
        }

        // Rank by specificity: more literal segments first, then table order.
        var best: (route: Route, parameters: [String: String], literals: Int)?
        for candidate in candidates where candidate.route.method == method {
            let literals = candidate.route.segments.filter { if case .literal = $0 { true } else { false } }.count
            if literals > (best?.literals ?? -1) {
                best = (candidate.route, candidate.parameters, literals)
            }
        }
        if let best {
            let match = RouteMatch(
                route: best.route, parameters: best.parameters, path: RequestPath.path(from: segments))
            return .matched(match)
        }

        var allowed: [HTTPMethod] = []
        for candidate in candidates where !allowed.contains(candidate.route.method) {
            allowed.append(candidate.route.method)
        }
        return .methodNotAllowed(allowed: allowed)
    }

    /// Returns the captured parameters when `pattern` matches `segments` whole, or `nil`.
    private static func bind(_ pattern: [RoutePattern.Segment], to segments: [String]) -> [String: String]? {
        guard pattern.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, segments) {
            switch expected {
            case .literal(let text):
                // Byte comparison, because String's == treats canonically equivalent
                // Unicode spellings as equal and the backend may not.
                guard text.utf8.elementsEqual(actual.utf8) else { return nil }
            case .parameter(let name):
                parameters[name] = actual
            }
        }
        return parameters
    }
}
