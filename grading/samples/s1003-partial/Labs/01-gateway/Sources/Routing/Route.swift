public import LabKit

/// Whether the gateway may forward a route to clients at all.
public enum Exposure: Sendable, Hashable {
    /// Clients may call the route through the gateway, if their application is permitted.
    case `public`
    /// Only other services call the route, inside the network. The gateway never
    /// forwards it and responds exactly as for a path it has never heard of.
    case `internal`
}

/// One entry of the gateway's route table: a method and a path pattern, and the backend
/// service that handles them.
///
/// ```swift
/// Route("orders.show", .get, "/orders/{id}", service: "orders")
/// Route("orders.metrics", .get, "/internal/metrics", service: "orders", exposure: .internal)
/// ```
public struct Route: Sendable, Hashable, CustomStringConvertible {
    /// A unique name, which client applications' permissions refer to (`orders.show`).
    public let name: String
    public let method: HTTPMethod
    /// The path pattern: `/`-separated literal segments and `{parameter}` segments, such
    /// as `/orders/{id}/items`.
    public let pattern: String
    /// The name of the backend service that handles this route.
    public let service: String
    public let exposure: Exposure
    /// The pattern split into segments; see ``RoutePattern``.
    public let segments: [RoutePattern.Segment]

    /// Creates a route.
    /// - Throws: `LabKitError` with code `.invalidArgument` when the pattern is not
    ///   valid (see ``RoutePattern/parse(_:)``).
    public init(
        _ name: String,
        _ method: HTTPMethod,
        _ pattern: String,
        service: String,
        exposure: Exposure = .public
    ) throws {
        self.name = name
        self.method = method
        self.pattern = pattern
        self.service = service
        self.exposure = exposure
        self.segments = try RoutePattern.parse(pattern)
    }

    public var description: String { "\(name) (\(method) \(pattern) → \(service))" }
}

/// The parsed form of a route's path pattern.
public enum RoutePattern {
    /// One `/`-separated piece of a pattern.
    public enum Segment: Sendable, Hashable {
        /// Matches exactly this text, compared case-sensitively after percent-decoding the
        /// request (RFC 3986 §6.2.2.1: only the scheme and host are case-insensitive).
        case literal(String)
        /// Matches any one non-empty segment and captures it under this name.
        case parameter(String)
    }

    /// Splits a pattern such as `/orders/{id}` into segments.
    ///
    /// A pattern starts with `/`, has no empty segments except for the root pattern `/`,
    /// and uses each parameter name once. A literal segment may not contain `{`, `}`,
    /// `%`, or be `.` or `..`.
    ///
    /// - Throws: `LabKitError` with code `.invalidArgument` naming the problem.
    public static func parse(_ pattern: String) throws -> [Segment] {
        guard pattern.hasPrefix("/") else {
            throw invalid(pattern, "must start with /")
        }
        if pattern == "/" {
            return []
        }
        var names: Set<String> = []
        return try pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { raw in
            let text = String(raw)
            if text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2 {
                let name = String(text.dropFirst().dropLast())
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw invalid(pattern, "parameter name \"\(name)\" may contain only letters, digits and _")
                }
                guard names.insert(name).inserted else {
                    throw invalid(pattern, "uses parameter {\(name)} twice")
                }
                return .parameter(name)
            }
            guard !text.isEmpty else {
                throw invalid(pattern, "has an empty segment (// or a trailing /)")
            }
            guard !text.contains(where: { "{}%".contains($0) }), text != ".", text != ".." else {
                throw invalid(pattern, "has an invalid literal segment \"\(text)\"")
            }
            return .literal(text)
        }
    }

    private static func invalid(_ pattern: String, _ problem: String) -> LabKitError {
        LabKitError(.invalidArgument, "route pattern \"\(pattern)\" \(problem)")
    }
}

/// A route that matched a request, with what the gateway learned from the path.
public struct RouteMatch: Sendable, Hashable {
    public let route: Route
    /// The values of the pattern's `{parameter}` segments, percent-decoded.
    public let parameters: [String: String]
    /// The canonical path the gateway decided on and forwards to the backend: the
    /// decoded segments joined by `/` and percent-encoded again (see ``RequestPath``).
    public let path: String

    public init(route: Route, parameters: [String: String], path: String) {
        self.route = route
        self.parameters = parameters
        self.path = path
    }
}

/// The route table's decision about a request's method and path.
public enum RoutingDecision: Sendable, Hashable {
    /// A public route matches the method and the path.
    case matched(RouteMatch)
    /// Public routes match the path, but none with this method; `allowed` lists their
    /// methods for the `Allow` header, in route-table order, each once.
    case methodNotAllowed(allowed: [HTTPMethod])
    /// No public route matches the path. Internal routes always end here.
    case notFound
    /// The path is malformed or ambiguous: see ``RequestPath/canonicalSegments(of:)``.
    case badRequest
}
