import Synchronization

/// An HTTP/1.1 server on non-blocking sockets that calls a handler for each request.
///
/// The server implements the message syntax and connection management of RFC 9112:
/// keep-alive and pipelining, `Content-Length` and chunked request bodies, `Expect:
/// 100-continue`, and strict rejection of ambiguous framing that could be used for request
/// smuggling. It enforces the limits of its ``Configuration``, responds to each violation
/// with its status code, then closes the connection. Handlers run as tasks, and sockets
/// wait on a reactor thread, so a handler may call another server in the same process.
///
/// ```swift
/// let server = HTTPServer { request in
///     HTTPResponse(status: .ok, text: "hello \(request.path)")
/// }
/// let address = try server.start()
/// // ...
/// await server.stop()
/// ```
///
/// Call ``stop()`` when done: the server keeps itself alive while it listens.
public final class HTTPServer: Sendable {
    let configuration: Configuration
    let logger: Logger
    let handler: HTTPHandler
    let state = Mutex(State())

    /// The maximum number of over-limit connections that receive `503` at once.
    ///
    /// Further ones
    /// are closed without a response, so that a flood cannot grow this work without bound.
    private static let maxRejectingConnections = 64

    /// How long a closing connection keeps reading, so that a reset does not destroy the
    /// response it just sent (see ``AsyncSocket/closeAfterDraining(deadline:maxDiscardedBytes:)``).
    static let lingerTimeout: Duration = .seconds(1)

    /// Creates a server; it listens only after ``start()``.
    ///
    /// - Parameters:
    ///   - configuration: The address and limits.
    ///   - logger: Where to log starts, stops, and errors. Failed TLS handshakes are logged
    ///     at info, other connection errors at debug and handler errors at error; bodies and
    ///     `Authorization` fields never are.
    ///   - handler: Called once per request, possibly for many requests at a time.
    public init(configuration: Configuration = .init(), logger: Logger = .disabled, handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// The address the server listens on, or `nil` before ``start()`` and after ``stop()``.
    public var address: SocketAddress? {
        state.withLock { $0.address }
    }

    // MARK: - Starting

    /// Binds the configured address and starts accepting connections.
    ///
    /// - Returns: The bound address, with the port the system chose when the configuration
    ///   asked for port 0.
    /// - Throws: `LabKitError` with `.invalidArgument` for a host that is not a numeric
    ///   address, `.socket` when binding fails (for example when the port is in use), and
    ///   `.stopped` when the server was already started or stopped; `TLSError` with
    ///   `.invalidConfiguration` for unusable ``Configuration/tls`` settings.
    @discardableResult
    public func start() throws -> SocketAddress {
        let tlsContext = try configuration.tls.map { try TLSContext($0, role: .server) }
        let requested = SocketAddress(host: configuration.host, port: configuration.port)
        let (listener, reactor, address) = try bind(requested)
        let isFirstStart = state.withLock { state in
            guard state.phase == .created else { return false }
            state.phase = .running
            state.address = address
            state.tlsContext = tlsContext
            return true
        }
        guard isFirstStart else {
            listener.close()
            throw LabKitError(.stopped, "this HTTPServer was already started; create a new one to listen again")
        }
        let acceptTask = Task { await acceptConnections(on: listener, reactor: reactor) }
        state.withLock { $0.acceptTask = acceptTask }
        logger.info(
            "HTTP server listening",
            metadata: ["address": address.description, "scheme": tlsContext == nil ? "http" : "https"])
        return address
    }

    private func bind(_ requested: SocketAddress) throws -> (Socket, Reactor, SocketAddress) {
        do {
            let reactor = try Reactor.shared()
            let listener = try Socket.listening(on: requested, backlog: 1024)
            return (listener, reactor, try listener.localAddress())
        } catch let error as SystemError {
            throw LabKitError(
                .socket,
                "listening on \(requested) failed: \(error); choose another port, or port 0 for any free one",
                cause: error
            )
        }
    }

    // MARK: - Accepting

    private func acceptConnections(on listener: Socket, reactor: Reactor) async {
        defer { listener.close() }
        while !Task.isCancelled {
            do {
                while let (socket, peer) = try listener.accept() {
                    admit(socket, peer: peer, reactor: reactor)
                }
                _ = try await reactor.wait(for: listener.descriptor, .readable, until: nil)
            } catch is CancellationError {
                return
            } catch let error as SystemError where error.isDescriptorLimit {
                logger.warning("accepting a connection failed; pausing 100 ms", metadata: ["error": error.description])
                try? await Task.sleep(for: .milliseconds(100))
            } catch {
                logger.debug("accepting a connection failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private enum Admission {
        case serve(id: UInt64)
        case reject
        case close
    }

    private func admit(_ socket: Socket, peer: SocketAddress?, reactor: Reactor) {
        try? socket.disableNagle()
        let peer = peer ?? SocketAddress(host: "0.0.0.0", port: 0)
        let connection = AsyncSocket(socket: socket, peer: peer, reactor: reactor)
        switch state.withLock({ admission(in: &$0) }) {
        case .serve(let id):
            let task = Task { await serve(connection, id: id) }
            state.withLock { $0.attach(task, to: id) }?.cancel()
        case .reject:
            Task { await rejectOverLimit(connection) }
        case .close:
            socket.close()
        }
    }

    private func admission(in state: inout State) -> Admission {
        guard state.phase == .running else { return .close }
        if state.connections.count < configuration.maxConnections {
            return .serve(id: state.addConnection())
        }
        guard state.rejectingCount < Self.maxRejectingConnections else { return .close }
        state.rejectingCount += 1
        return .reject
    }

    private func serve(_ socket: AsyncSocket, id: UInt64) async {
        if let (secured, tls) = await secure(socket) {
            var connection = HTTPServerConnection(server: self, id: id, socket: secured, tls: tls)
            await connection.run()
        }
        let waiters = state.withLock { $0.removeConnection(id) }
        for waiter in waiters {
            waiter.resume()
        }
    }

    /// Runs the TLS handshake when the server speaks HTTPS; returns `nil` when it failed,
    /// after logging why and closing the connection.
    private func secure(_ socket: AsyncSocket) async -> (AsyncSocket, TLSConnectionInfo?)? {
        guard let context = state.withLock({ $0.tlsContext }) else { return (socket, nil) }
        do {
            let deadline = ContinuousClock.now + configuration.requestTimeout
            return try await socket.startTLS(context: context, serverName: nil, deadline: deadline)
        } catch {
            logger.info(
                "TLS handshake failed; closing the connection",
                metadata: ["peer": socket.peer.description, "error": "\(error)"])
            await socket.closeAfterDraining(deadline: .now + Self.lingerTimeout)
            return nil
        }
    }

    /// Sends `503` to a connection beyond ``Configuration/maxConnections`` and closes it (RFC 9110 §15.6.4).
    private func rejectOverLimit(_ socket: AsyncSocket) async {
        logger.debug("rejecting a connection over the limit", metadata: ["peer": socket.peer.description])
        let deadline = ContinuousClock.now + Self.lingerTimeout
        // A TLS client cannot read a plain-text response, and a handshake costs the server
        // work that the limit is there to cap, so an HTTPS server closes without one.
        guard state.withLock({ $0.tlsContext }) == nil else {
            socket.socket.close()
            state.withLock { $0.rejectingCount -= 1 }
            return
        }
        let response = HTTPSerializer.errorResponse(
            .serviceUnavailable, reason: "the server has too many open connections; retry later")
        try? await socket.write(response, deadline: deadline)
        await socket.closeAfterDraining(deadline: deadline)
        state.withLock { $0.rejectingCount -= 1 }
    }

    // MARK: - Connection phases

    /// Records that a connection waits for its next request, so ``stop()`` may close it.
    ///
    /// Returns `false` when the server is stopping, so the connection should close now.
    func connectionBecameIdle(_ id: UInt64) -> Bool {
        state.withLock { $0.setIdle(id, true) }
    }

    /// Records that a request started on a connection; returns `false` when the server is
    /// stopping, so the connection should close without reading it.
    func connectionStartedRequest(_ id: UInt64) -> Bool {
        state.withLock { $0.setIdle(id, false) }
    }

    /// Whether ``stop()`` has begun, so that responses announce `Connection: close`.
    var isStopping: Bool {
        state.withLock { $0.phase != .running }
    }
}
