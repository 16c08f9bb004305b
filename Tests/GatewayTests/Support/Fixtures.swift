import Foundation
import Gateway
import LabKit
import Testing

/// The route table, applications and keys that the gateway suites share.
///
/// The keys are fixed rather than generated, so that a failing test prints the same
/// values on every run and the expected SHA-256 digests could be computed with
/// `printf %s KEY | sha256sum`.
enum Fixture {
    static let partnerKey = "-X6n1Ztsm8Nrz3LsigE3fRD3zwmtCxL9NwPTx-K1UKY"
    /// The SHA-256 digest of `partnerKey`, as `printf %s KEY | sha256sum` prints it.
    static let partnerKeySHA256 = "ea290b0f6036e31881335dba03c703ba323b4f27266da4fc6b6a26236b54d029"
    static let mobileKey = "KapCpxB4quV3NfyaZb7PQpRYLAPW9R0oL-yKxmsLaF4"
    /// A well-formed key that no application has.
    static let unknownKey = "7k_VWtRNtDK5QGQurUpDzG3evBUgnzbuV6tIgV_zpdA"

    /// A client address from the documentation range of RFC 5737.
    static let clientPeer = SocketAddress(host: "192.0.2.10", port: 50_000)

    static func routes() throws -> [Route] {
        [
            try Route("orders.list", .get, "/orders", service: "orders"),
            try Route("orders.create", .post, "/orders", service: "orders"),
            try Route("orders.show", .get, "/orders/{id}", service: "orders"),
            try Route("orders.export", .get, "/orders/export", service: "orders"),
            try Route("orders.cancel", .delete, "/orders/{id}", service: "orders", exposure: .internal),
            try Route("customers.show", .get, "/customers/{name}", service: "customers"),
            try Route("orders.metrics", .get, "/internal/metrics", service: "orders", exposure: .internal),
            try Route("accounts.users", .get, "/admin/users", service: "accounts", exposure: .internal),
        ]
    }

    static func routeTable() throws -> RouteTable {
        try RouteTable(routes())
    }

    /// A partner's server, permitted every public route.
    static let partner = ClientApplication(
        id: "partner-portal",
        permittedRoutes: ["orders.list", "orders.create", "orders.show", "orders.export", "customers.show"]
    )

    /// A mobile app's back end, permitted to read orders only.
    static let mobile = ClientApplication(id: "mobile-app", permittedRoutes: ["orders.list", "orders.show"])

    /// Builds the registry as a correct ``ApplicationRegistry/register(_:apiKey:)`` does.
    static func registry() throws -> ApplicationRegistry {
        var registry = ApplicationRegistry()
        try registry.register(partner, apiKey: partnerKey)
        try registry.register(mobile, apiKey: mobileKey)
        return registry
    }

    static func policy(capacity: Int = 1_000, refillRate: Double = 1_000) throws -> RateLimitPolicy {
        try RateLimitPolicy(capacity: capacity, refillRate: refillRate)
    }

    static func configuration(
        sourceRateLimit: RateLimitPolicy? = nil,
        applicationRateLimit: RateLimitPolicy? = nil
    ) throws -> GatewayConfiguration {
        GatewayConfiguration(
            routes: try routeTable(),
            applications: try registry(),
            sourceRateLimit: try sourceRateLimit ?? policy(),
            applicationRateLimit: try applicationRateLimit ?? policy()
        )
    }

    /// Builds a request as the gateway's server would hand it over.
    static func request(
        _ method: HTTPMethod,
        _ target: String,
        key: String? = nil,
        headers: [(String, String)] = [],
        peer: SocketAddress? = clientPeer
    ) -> HTTPRequest {
        var fields = HTTPHeaders(headers)
        if let key {
            fields.add(name: APIKey.headerName, value: key)
        }
        return HTTPRequest(method: method, target: target, headers: fields, peer: peer)
    }

    static func context(
        _ request: HTTPRequest,
        requestID: String = "test-request-1",
        match: RouteMatch? = nil,
        application: ClientApplication? = nil
    ) -> RequestContext {
        RequestContext(request: request, requestID: requestID, match: match, application: application)
    }

    /// The match a correct route table produces for a route of the fixture table.
    static func match(_ routeName: String, path: String, parameters: [String: String] = [:]) throws -> RouteMatch {
        let route = try #require(
            try routes().first { $0.name == routeName }, "the fixture has no route named \(routeName)")
        return RouteMatch(route: route, parameters: parameters, path: path)
    }
}

extension RoutingDecision {
    /// The matched route's name, or `nil` for any other decision.
    var routeName: String? {
        if case .matched(let match) = self { return match.route.name }
        return nil
    }

    var match: RouteMatch? {
        if case .matched(let match) = self { return match }
        return nil
    }
}

extension LabKitError {
    /// Returns whether this is the error of a scaffold function that is not written yet.
    static func isNotImplemented(_ error: any Error) -> Bool {
        (error as? LabKitError)?.code == .notImplemented
    }
}
