import Foundation
public import LabKit

/// An HTTPS service that accepts only clients with a certificate from the cluster's CA,
/// identifies them by their SPIFFE ID, and authorizes each call per calling service.
///
/// ```swift
/// let service = MutualTLSService(
///     identity: billingServer, intermediates: [], clusterRoots: [clusterCA], trustDomain: "cluster.local",
///     policy: policy, clock: clock) { request, caller in HTTPResponse(status: .ok, text: "hello \(caller)") }
/// let address = try service.start()
/// ```
public final class MutualTLSService: Sendable {
    /// The service's own certificate and key.
    public let identity: CertifiedKey
    /// Intermediates sent after the service's certificate.
    public let intermediates: [Certificate]
    /// The CA roots whose client certificates the service accepts.
    public let clusterRoots: [Certificate]
    /// The trust domain every caller's SPIFFE ID must be in.
    public let trustDomain: String
    /// The per-service permissions.
    public let policy: ServiceAuthorizationPolicy
    /// The source of the time at which client certificates are checked.
    public let clock: any WallClock
    /// The application's handler, called only for authorized requests.
    public let handler: @Sendable (HTTPRequest, ServiceIdentity) async throws -> HTTPResponse
    private let logger: Logger
    private let server = ServerBox()

    public init(
        identity: CertifiedKey,
        intermediates: [Certificate] = [],
        clusterRoots: [Certificate],
        trustDomain: String,
        policy: ServiceAuthorizationPolicy,
        clock: any WallClock,
        logger: Logger = .disabled,
        handler: @escaping @Sendable (HTTPRequest, ServiceIdentity) async throws -> HTTPResponse
    ) {
        self.identity = identity
        self.intermediates = intermediates
        self.clusterRoots = clusterRoots
        self.trustDomain = trustDomain
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.handler = handler
    }

    /// Starts the HTTPS server on `127.0.0.1` and returns its address.
    public func start(port: UInt16 = 0) throws -> SocketAddress {
        let configuration = HTTPServer.Configuration(
            port: port, requestTimeout: .seconds(30), tls: try tlsConfiguration())
        let httpServer = HTTPServer(configuration: configuration, logger: logger) { [self] request in
            try await respond(to: request)
        }
        server.set(httpServer)
        return try httpServer.start()
    }

    /// Stops the server.
    public func stop() async {
        await server.get()?.stop()
    }

    /// Returns the server's TLS settings for mutual TLS.
    ///
    /// The service presents ``identity`` (and ``intermediates``), **requires** a client
    /// certificate, and checks it with a ``ChainValidator`` for the ``PeerRole/client``
    /// role against ``clusterRoots`` at ``clock``'s time, through
    /// ``TrustStrategy/peerVerifier()``. A client without a certificate, with one from
    /// another CA, or with an expired one, fails the handshake.
    public func tlsConfiguration() throws -> TLSConfiguration {
        // TODO: Part 6 — a server configuration that presents identity and intermediates,
        // requires a client certificate, and verifies it with a client-role ChainValidator.
        throw LabKitError.notImplemented("configure mutual TLS", part: 6, in: "MutualTLSService")
    }

    /// Identifies the caller of a request that passed the handshake, authorizes it, and
    /// calls ``handler``.
    ///
    /// 1. Read the client's leaf from `request.tls?.peerCertificates` and its identity
    ///    with ``ServiceIdentity/init(certificate:trustDomain:)``. Without a certificate or a
    ///    valid identity, respond `401 Unauthorized`.
    /// 2. When ``policy`` does not allow the caller the request's method and path, respond
    ///    `403 Forbidden`, naming the caller.
    /// 3. Otherwise return ``handler``'s response.
    public func respond(to request: HTTPRequest) async throws -> HTTPResponse {
        // TODO: Part 6 — 401 without a certificate or identity, 403 when the policy denies the
        // call, otherwise the handler's response.
        throw LabKitError.notImplemented("authorize a call", part: 6, in: "MutualTLSService")
    }
}

/// The running server, set once by ``MutualTLSService/start(port:)``.
private final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var server: HTTPServer?

    func set(_ server: HTTPServer) {
        lock.withLock { self.server = server }
    }

    func get() -> HTTPServer? {
        lock.withLock { server }
    }
}
