public import LabKit

/// The gateway's upstream: sends each authorized request to its route's backend service
/// over HTTP and returns the backend's response.
public struct Forwarder: Upstream {
    /// The address of each backend service, by the name routes use (``Route/service``).
    public let services: [String: SocketAddress]
    public let client: HTTPClient
    /// How long a backend may take to respond before the gateway gives up with `504`.
    public let timeout: Duration
    public let logger: Logger

    /// Creates a forwarder.
    /// - Parameters:
    ///   - services: The backends' addresses by service name.
    ///   - client: The HTTP client, which keeps connections to the backends alive.
    ///   - timeout: How long a backend may take to respond.
    ///   - logger: Where backend failures are logged, with the request id.
    public init(services: [String: SocketAddress], client: HTTPClient, timeout: Duration = .seconds(10), logger: Logger)
    {
        self.services = services
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    /// Forwards the request to the backend of its route.
    ///
    /// - The backend is `services[match.route.service]`.
    /// - The request keeps its method and body. Its target is the canonical path of the
    ///   match (``RouteMatch/path``) followed by the client's query, if any. Its headers
    ///   come from ``ForwardingHeaders/requestHeaders(for:)``.
    /// - The response passes back with ``ForwardingHeaders/responseHeaders(_:)``.
    /// - When the backend does not respond within ``timeout`` (a `LabKitError` with code
    ///   `.timedOut`), the response is `504 Gateway Timeout`. When it cannot be reached or
    ///   responds with something that is not HTTP (`.connectionRefused`,
    ///   `.connectionClosed`, `.invalidHTTPMessage`, `.limitExceeded` or `.socket`), the
    ///   response is `502 Bad Gateway`. Both use
    ///   ``HTTPResponse/gatewayError(_:requestID:headers:)`` and are logged at `error`
    ///   with the request id, service and address.
    ///
    /// - Throws: When the context has no route, or no address is configured for its
    ///   service; the exception handler turns that into `500`.
    public func send(_ context: RequestContext) async throws -> HTTPResponse {
        // TODO: Part 5 — build the outbound request, send it with client.send(_:to:timeout:),
        // clean the response headers, and map timeouts to 504 and unreachable backends to 502.
        throw LabKitError.notImplemented("forward the request to its backend", part: 5)
    }
}
