import Foundation
import Gateway
import LabKit

/// `labkit serve gateway` and `labkit bench gateway`: the Lab 1 gateway with backend
/// services on 127.0.0.1, built only from the `Gateway` module's public API, so that it
/// runs the student's own code unless `LABKIT_SOLUTIONS=1` chose the reference solution.
enum GatewayDemo {
    /// Starts the gateway and three backends, prints API keys and `curl` commands, and
    /// runs until the process is interrupted.
    /// - Parameters:
    ///   - port: The gateway's port on 127.0.0.1; 0 lets the system choose.
    ///   - logger: Where the gateway and the billing service log.
    static func serve(port: UInt16, logger: Logger) async throws {
        let demo = try await DemoDeployment.start(gatewayPort: port, logger: logger)
        // Written unbuffered: print's buffer would hold the text back while stdout is a pipe.
        FileHandle.standardOutput.write(Data((demo.instructions + "\n").utf8))
        logger.info("gateway demo started", metadata: ["address": demo.gatewayAddress.description])
        let signal = await InterruptSignal.wait()
        logger.info("stopping the gateway demo", metadata: ["signal": signal])
        await demo.stop()
        logger.info("gateway demo stopped")
    }

    /// Measures requests per second through the whole gateway chain and, as the baseline,
    /// against the backend served directly, both on loopback over keep-alive connections.
    /// - Parameters:
    ///   - requests: Requests per measurement.
    ///   - connections: Connections sending at once; each sends its share in sequence.
    /// - Returns: A Markdown table with one row per measurement.
    static func benchmark(requests: Int, connections: Int) async throws -> String {
        let backend = HTTPServer(configuration: .init(maxConnections: 4_096)) { _ in
            HTTPResponse(status: .ok, text: "ok")
        }
        let backendAddress = try backend.start()

        let key = APIKey.generate()
        var applications = ApplicationRegistry()
        try applications.register(ClientApplication(id: "bench", permittedRoutes: ["items.show"]), apiKey: key)
        // Limits far above the load, so that every request runs the whole chain and none is rejected.
        let unlimited = try RateLimitPolicy(capacity: 2 * requests + 1, refillRate: Double(2 * requests + 1))
        let configuration = GatewayConfiguration(
            routes: try RouteTable([try Route("items.show", .get, "/items/{id}", service: "items")]),
            applications: applications,
            sourceRateLimit: unlimited,
            applicationRateLimit: unlimited
        )
        let forwarderClient = HTTPClient(configuration: .init(maxIdleConnectionsPerHost: connections))
        let forwarder = Forwarder(services: ["items": backendAddress], client: forwarderClient, logger: .disabled)
        let gateway = Gateway(configuration: configuration, upstream: forwarder, logger: .disabled)
        let gatewayServer = HTTPServer(configuration: .init(maxConnections: 4_096), handler: gateway.handle)
        let gatewayAddress = try gatewayServer.start()

        let load = LoadGenerator(requests: requests, connections: connections)
        let direct = try await load.run(HTTPRequest(method: .get, target: "/items/42"), to: backendAddress)
        let throughGateway = try await load.run(
            HTTPRequest(method: .get, target: "/items/42", headers: [APIKey.headerName: key]), to: gatewayAddress)

        await gatewayServer.stop()
        forwarderClient.shutdown()
        await backend.stop()
        return LoadGenerator.table([
            ("Backend served directly (baseline)", direct), ("Through the gateway", throughGateway),
        ])
    }
}

// MARK: - The demo deployment

/// The servers of `labkit serve gateway`: three backends and the gateway in front.
private struct DemoDeployment {
    let gatewayAddress: SocketAddress
    let partnerKey: String
    let mobileKey: String
    private let servers: [HTTPServer]
    private let client: HTTPClient

    static func start(gatewayPort: UInt16, logger: Logger) async throws -> DemoDeployment {
        // Backends believe X-Forwarded-For only from the gateway on loopback.
        let loopback = try IPNetwork("127.0.0.0/8")
        let sourcePolicy = ForwardedSourcePolicy(trustedProxies: [loopback], allowedClients: [loopback])
        let orders = HTTPServer(handler: sourcePolicy.guarding(echoHandler(service: "orders")))
        let customers = HTTPServer(handler: sourcePolicy.guarding(echoHandler(service: "customers")))
        let billing = HTTPServer(handler: sourcePolicy.guarding(try billingHandler(logger: logger)))
        let services = [
            "orders": try orders.start(),
            "customers": try customers.start(),
            "billing": try billing.start(),
        ]

        let partnerKey = APIKey.generate()
        let mobileKey = APIKey.generate()
        let routes = try demoRoutes()
        var applications = ApplicationRegistry()
        let publicRoutes = Set(routes.routes.filter { $0.exposure == .public }.map(\.name))
        try applications.register(
            ClientApplication(id: "partner-portal", permittedRoutes: publicRoutes), apiKey: partnerKey)
        try applications.register(
            ClientApplication(id: "mobile-app", permittedRoutes: ["orders.list", "orders.show"]), apiKey: mobileKey)
        let configuration = GatewayConfiguration(
            routes: routes,
            applications: applications,
            sourceRateLimit: try RateLimitPolicy(capacity: 30, refillRate: 10),
            applicationRateLimit: try RateLimitPolicy(capacity: 10, refillRate: 1)
        )

        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(2), readTimeout: .seconds(10)))
        let forwarder = Forwarder(services: services, client: client, timeout: .seconds(10), logger: logger)
        let gateway = Gateway(configuration: configuration, upstream: forwarder, logger: logger)
        let gatewayServer = HTTPServer(configuration: .init(port: gatewayPort), logger: logger, handler: gateway.handle)
        let gatewayAddress = try gatewayServer.start()
        return DemoDeployment(
            gatewayAddress: gatewayAddress, partnerKey: partnerKey, mobileKey: mobileKey,
            servers: [gatewayServer, orders, customers, billing], client: client)
    }

    func stop() async {
        for server in servers {
            await server.stop()
        }
        client.shutdown()
    }

    private static func demoRoutes() throws -> RouteTable {
        try RouteTable([
            try Route("orders.list", .get, "/orders", service: "orders"),
            try Route("orders.create", .post, "/orders", service: "orders"),
            try Route("orders.show", .get, "/orders/{id}", service: "orders"),
            try Route("customers.show", .get, "/customers/{name}", service: "customers"),
            try Route("billing.list", .get, "/invoices", service: "billing"),
            try Route("billing.create", .post, "/invoices", service: "billing"),
            try Route("billing.receipt", .get, "/invoices/{id}/receipt", service: "billing"),
            try Route("orders.metrics", .get, "/internal/metrics", service: "orders", exposure: .internal),
            try Route("accounts.users", .get, "/admin/users", service: "accounts", exposure: .internal),
        ])
    }

    /// Returns a backend handler that echoes what it received, to show the forwarded headers.
    private static func echoHandler(service: String) -> HTTPHandler {
        { request in
            let echo: [String: String] = [
                "service": service,
                "method": request.method.rawValue,
                "target": request.target,
                "x_forwarded_for": request.headers["X-Forwarded-For"] ?? "",
                "x_consumer_id": request.headers["X-Consumer-ID"] ?? "",
                "x_request_id": request.headers["X-Request-ID"] ?? "",
                "x_api_key_present": String(request.headers.contains(APIKey.headerName)),
            ]
            return try HTTPResponse(status: .ok, json: echo)
        }
    }

    private static func billingHandler(logger: Logger) throws -> HTTPHandler {
        let store = try BillingStore(database: try SQLiteDatabase.inMemory())
        _ = try store.insert(customer: "alice", amountCents: 1_250, email: "alice@example.com", callbackURL: nil)
        _ = try store.insert(customer: "bob", amountCents: 40_000, email: "bob@example.org", callbackURL: nil)
        let service = BillingService(
            store: store,
            callbackPolicy: CallbackURLPolicy(allowedHosts: ["hooks.example.com"]),
            notifier: LoggingCallbackNotifier(logger: logger),
            logger: logger
        )
        return { request in await service.handle(request) }
    }

    var instructions: String {
        let base = "http://\(gatewayAddress)"
        return """
            Gateway listening on \(base), with backends orders, customers and billing on 127.0.0.1.

            API keys (new on every start):
              partner-portal (every public route):  \(partnerKey)
              mobile-app (GET /orders and /orders/{id}): \(mobileKey)

            Try:
              # 200: a permitted route; the backend echoes the headers the gateway set
              curl -i -H 'X-API-Key: \(partnerKey)' -H 'X-Forwarded-For: 10.6.6.6' \(base)/orders/42

              # 401: no key (every path gets the same response)
              curl -i \(base)/orders/42

              # 403: the mobile app may not read invoices
              curl -i -H 'X-API-Key: \(mobileKey)' '\(base)/invoices?customer=alice'

              # 404: an internal route looks like a path that does not exist
              curl -i -H 'X-API-Key: \(partnerKey)' \(base)/internal/metrics

              # 429: the mobile app's bucket holds 10 requests and refills at 1 per second, so 15 at once
              # end in 429s (how many 200s come first depends on what you sent in the last seconds)
              for i in $(seq 1 15); do curl -s -o /dev/null -w '%{http_code} ' -H 'X-API-Key: \(mobileKey)' \(base)/orders; done; echo

              # 400: the billing service rejects a callback to the cloud metadata address
              curl -i -H 'X-API-Key: \(partnerKey)' --data-urlencode customer=carol --data-urlencode amount_cents=2500 \\
                --data-urlencode email=carol@example.net --data-urlencode callback_url=https://169.254.169.254/ \(base)/invoices

            Press Ctrl-C to stop.
            """
    }
}

// MARK: - Load generation

/// Sends a fixed number of identical requests over several keep-alive connections and
/// records each request's latency.
private struct LoadGenerator {
    struct Result {
        var seconds: Double
        var latencies: [Duration]
        var nonOKResponses: Int
        var requests: Int
        var connections: Int
    }

    let requests: Int
    let connections: Int

    func run(_ request: HTTPRequest, to address: SocketAddress) async throws -> Result {
        // Warm up: open every connection once before the clock starts.
        _ = try await measure(request, to: address, perConnection: Array(repeating: 1, count: connections))

        let shares = (0..<connections).map { requests / connections + ($0 < requests % connections ? 1 : 0) }
        let start = ContinuousClock.now
        let (latencies, nonOK) = try await measure(request, to: address, perConnection: shares)
        let elapsed = ContinuousClock.now - start
        return Result(
            seconds: elapsed.seconds, latencies: latencies.sorted(), nonOKResponses: nonOK, requests: requests,
            connections: connections)
    }

    /// Sends `perConnection[i]` requests in sequence on connection `i`, all connections at once.
    private func measure(_ request: HTTPRequest, to address: SocketAddress, perConnection: [Int]) async throws -> (
        [Duration], Int
    ) {
        try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for count in perConnection {
                group.addTask {
                    // One client per connection, so that each task keeps its own keep-alive connection.
                    let client = HTTPClient(configuration: .init(maxIdleConnectionsPerHost: 1))
                    defer { client.shutdown() }
                    var latencies: [Duration] = []
                    var nonOK = 0
                    for _ in 0..<count {
                        let sent = ContinuousClock.now
                        let response = try await client.send(request, to: address)
                        latencies.append(ContinuousClock.now - sent)
                        nonOK += response.status == .ok ? 0 : 1
                    }
                    return (latencies, nonOK)
                }
            }
            var all: [Duration] = []
            var nonOK = 0
            for try await (latencies, failures) in group {
                all += latencies
                nonOK += failures
            }
            return (all, nonOK)
        }
    }

    static func table(_ rows: [(String, Result)]) -> String {
        var lines = [
            "| Measurement | Requests | Connections | Requests/s | p50 latency (ms) | p99 latency (ms) | Non-200 responses |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for (name, result) in rows {
            let rate = Double(result.requests) / max(result.seconds, 1e-9)
            let cells = [
                name, String(result.requests), String(result.connections), String(format: "%.0f", rate),
                String(format: "%.2f", result.percentile(0.50)), String(format: "%.2f", result.percentile(0.99)),
                String(result.nonOKResponses),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

extension LoadGenerator.Result {
    /// Returns the latency below which `fraction` of the requests finished, in milliseconds.
    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let index = min(latencies.count - 1, Int((Double(latencies.count) * fraction).rounded(.up)) - 1)
        return latencies[max(0, index)].seconds * 1_000
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
