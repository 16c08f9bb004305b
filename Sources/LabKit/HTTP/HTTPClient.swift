public import Foundation
import Synchronization

/// An HTTP/1.1 client on non-blocking sockets, over TCP or TLS (HTTPS), that keeps
/// connections alive for reuse.
///
/// Each ``send(_:to:timeout:)`` writes one request and reads the whole response. Idle
/// keep-alive connections are kept per address and reused (RFC 9112 §9.3). When a reused
/// connection turns out to have been closed by the server before anything of the response
/// arrived, an idempotent request is retried once on a new connection (RFC 9112 §9.3.1).
///
/// Errors are `LabKitError`s whose code identifies the cause: `.connectionRefused`,
/// `.timedOut`, `.connectionClosed`, `.invalidHTTPMessage` or `.limitExceeded`. A gateway
/// uses the code to choose between `502 Bad Gateway` and `504 Gateway Timeout`. HTTPS
/// requests also throw `TLSError` when the handshake fails or the server sends an alert.
public final class HTTPClient: Sendable {
    let configuration: Configuration
    let logger: Logger
    private let pool = Mutex(Pool())
    /// The TLS context for HTTPS, built on the first HTTPS request.
    private let tlsContext = Mutex<TLSContext?>(nil)

    private struct Pool {
        var idle: [Endpoint: [AsyncSocket]] = [:]
        var isShutDown = false
    }

    /// The destination of a request: an address, and for HTTPS the name the server's
    /// certificate must match.
    ///
    /// Connections are reused only for the same endpoint.
    struct Endpoint: Hashable {
        var address: SocketAddress
        /// The TLS server name, or `nil` for plain HTTP.
        var tlsServerName: String?
    }

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: Timeouts and limits.
    ///   - logger: Where to log retries and connection errors (at debug).
    public init(configuration: Configuration = .init(), logger: Logger = .disabled) {
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        shutdown()
    }

    // MARK: - Sending

    /// Sends a request and reads the whole response, reusing an idle keep-alive connection
    /// to that address when one is open.
    ///
    /// - Parameters:
    ///   - request: The request; its `Content-Length` and `Transfer-Encoding` are set by the
    ///     client, and `Host` is added when missing (RFC 9112 §3.2).
    ///   - address: The numeric address of the server.
    ///   - timeout: How long sending the request and reading the response may take;
    ///     defaults to ``Configuration/readTimeout``.
    /// - Returns: The final response; interim `1xx` responses are skipped.
    /// - Throws: `LabKitError` with `.connectionRefused`, `.timedOut`, `.connectionClosed`,
    ///   `.invalidHTTPMessage`, `.limitExceeded`, `.invalidArgument` (an invalid request),
    ///   `.socket`, or `.stopped` after ``shutdown()``; `CancellationError` when cancelled.
    public func send(_ request: HTTPRequest, to address: SocketAddress, timeout: Duration? = nil) async throws
        -> HTTPResponse
    {
        try await send(request, to: Endpoint(address: address), timeout: timeout)
    }

    /// Sends a request over TLS (HTTPS) and reads the whole response, reusing an idle
    /// connection to the same address and server name when one is open.
    ///
    /// - Parameters:
    ///   - serverName: The name the server's certificate must match, also sent as SNI;
    ///     an IP address is matched against the certificate's IP address SANs.
    ///   - Other parameters: As in ``send(_:to:timeout:)``; ``Configuration/tls`` sets
    ///     the TLS settings.
    /// - Throws: The errors of ``send(_:to:timeout:)``, and `TLSError` when the handshake
    ///   fails or the server sends an alert (such as `certificate_required`).
    public func send(
        _ request: HTTPRequest,
        to address: SocketAddress,
        tlsServerName serverName: String,
        timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        try await send(request, to: Endpoint(address: address, tlsServerName: serverName), timeout: timeout)
    }

    private func send(_ request: HTTPRequest, to endpoint: Endpoint, timeout: Duration?) async throws -> HTTPResponse {
        let address = endpoint.address
        let bytes = try HTTPSerializer.serialize(request, to: address)
        let exchange = Exchange(
            request: request,
            endpoint: endpoint,
            bytes: bytes,
            timeout: timeout ?? configuration.readTimeout,
            deadline: .now + (timeout ?? configuration.readTimeout)
        )
        if let connection = try takeIdleConnection(to: endpoint) {
            do {
                return try await perform(exchange, on: connection, isReused: true)
            } catch let stale as StaleConnectionError where request.method.isIdempotent {
                logger.debug(
                    "retrying on a new connection",
                    metadata: ["address": address.description, "reason": "\(stale.underlying)"])
            } catch let stale as StaleConnectionError {
                throw stale.underlying
            }
        }
        let connection = try await connect(to: endpoint)
        return try await perform(exchange, on: connection, isReused: false)
    }

    /// Sends a request to an `http://` or `https://` URL with a numeric host (or
    /// `localhost`), for tests and small tools.
    ///
    /// ```swift
    /// let response = try await client.send(.get, "http://127.0.0.1:8080/orders?id=7")
    /// ```
    /// An `https://` URL checks the server's certificate against the host as written.
    /// - Throws: `LabKitError` with `.invalidArgument` for a URL that is not `http://` or
    ///   `https://` with a numeric host, and the errors of ``send(_:to:timeout:)``.
    public func send(
        _ method: HTTPMethod,
        _ url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: Data = Data()
    ) async throws -> HTTPResponse {
        let parsed = try ParsedURL(url)
        var headers = headers
        if !headers.contains("Host") {
            headers.add(name: "Host", value: parsed.authority)
        }
        let request = HTTPRequest(method: method, target: parsed.target, headers: headers, body: body)
        return try await send(request, to: parsed.endpoint, timeout: nil)
    }

    /// Closes every idle connection; later requests fail with `.stopped`.
    public func shutdown() {
        let connections = pool.withLock { pool in
            pool.isShutDown = true
            defer { pool.idle.removeAll() }
            return pool.idle.values.flatMap { $0 }
        }
        for connection in connections {
            connection.socket.close()
        }
    }

    // MARK: - Connections

    private func connect(to endpoint: Endpoint) async throws -> AsyncSocket {
        let address = endpoint.address
        let reactor: Reactor
        do {
            reactor = try Reactor.shared()
        } catch {
            throw LabKitError(.socket, "starting the I/O thread failed: \(error)", cause: error as? SystemError)
        }
        let deadline = ContinuousClock.now + configuration.connectTimeout
        do {
            let connection = try await AsyncSocket.connect(to: address, deadline: deadline, reactor: reactor)
            guard let serverName = endpoint.tlsServerName else { return connection }
            do {
                let context = try makeTLSContext()
                return try await connection.startTLS(context: context, serverName: serverName, deadline: deadline).0
            } catch {
                connection.socket.close()
                throw error
            }
        } catch let error as LabKitError where error.code == .timedOut {
            throw LabKitError(
                .timedOut,
                "connecting to \(address) did not complete within \(configuration.connectTimeout); check that the server is running and accepting connections",
                cause: error
            )
        }
    }

    /// Returns the client's TLS context, building it from ``Configuration/tls`` on first use.
    private func makeTLSContext() throws -> TLSContext {
        try tlsContext.withLock { context in
            if let context { return context }
            let created = try TLSContext(configuration.tls ?? .client(), role: .client)
            context = created
            return created
        }
    }

    /// Takes the most recently used idle connection that is still open, closing stale ones.
    private func takeIdleConnection(to endpoint: Endpoint) throws -> AsyncSocket? {
        while true {
            let candidate = try pool.withLock { pool -> AsyncSocket? in
                guard !pool.isShutDown else {
                    throw LabKitError(.stopped, "this HTTPClient was shut down; create a new one to send requests")
                }
                return pool.idle[endpoint]?.popLast()
            }
            guard let candidate else { return nil }
            if candidate.isOpenAndQuiet() {
                return candidate
            }
            candidate.socket.close()
        }
    }

    /// Keeps a connection for reuse, or closes it when the pool for its address is full.
    func release(_ connection: AsyncSocket, to endpoint: Endpoint) {
        let isKept = pool.withLock { pool in
            let count = pool.idle[endpoint]?.count ?? 0
            guard !pool.isShutDown, count < configuration.maxIdleConnectionsPerHost else { return false }
            pool.idle[endpoint, default: []].append(connection)
            return true
        }
        if !isKept {
            connection.socket.close()
        }
    }
}

extension HTTPMethod {
    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2),
    /// so a client may retry it automatically.
    var isIdempotent: Bool {
        [.get, .head, .put, .delete, .options, .trace].contains(self)
    }
}
