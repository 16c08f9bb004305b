/// A listening TCP socket whose accepted connections run TLS (or stay plain TCP when the
/// listener has no configuration).
///
/// A failed handshake fails only that client: the listener keeps listening. A server with
/// many clients takes each connection with ``nextConnection()`` and runs its
/// ``IncomingConnection/handshake(timeout:)`` in a task of its own, so that a client that
/// stalls its handshake delays no one else:
///
/// ```swift
/// while true {
///     let incoming = try await listener.nextConnection()
///     Task { try await serve(incoming.handshake(timeout: .seconds(10))) }
/// }
/// ```
public final class TLSListener: Sendable {
    private let listener: Socket
    private let reactor: Reactor
    private let context: TLSContext?
    /// The bound address, with the port the system chose for port 0.
    public let address: SocketAddress

    /// Binds `host:port` and listens.
    ///
    /// - Parameter configuration: The server settings, or `nil` for plain TCP.
    /// - Throws: `TLSError` (`.invalidConfiguration`) or `LabKitError` (`.socket`) when
    ///   binding fails.
    public init(configuration: TLSConfiguration?, host: String = "127.0.0.1", port: UInt16 = 0) throws {
        context = try configuration.map { try TLSContext($0, role: .server) }
        reactor = try TLSStream.sharedReactor()
        let requested = SocketAddress(host: host, port: port)
        do {
            listener = try Socket.listening(on: requested, backlog: 128)
            address = try listener.localAddress()
        } catch let error as SystemError {
            throw LabKitError(
                .socket,
                "listening on \(requested) failed: \(error); choose another port, or port 0 for any free one",
                cause: error
            )
        }
    }

    deinit {
        listener.close()
    }

    /// Waits for the next connection and completes its TLS handshake.
    ///
    /// Handshakes taken this way run one after another: while one client stalls its
    /// handshake, the next waits, up to `handshakeTimeout`. Use ``nextConnection()`` to run
    /// them side by side.
    ///
    /// - Throws: `TLSError` when this client's handshake fails, `LabKitError` with
    ///   `.timedOut` when it does not finish within `handshakeTimeout`, and
    ///   `CancellationError` when the task is cancelled while waiting.
    public func accept(handshakeTimeout: Duration = .seconds(10)) async throws -> TLSStream {
        try await nextConnection().handshake(timeout: handshakeTimeout)
    }

    /// Waits for the next TCP connection, without running its TLS handshake.
    ///
    /// - Throws: `LabKitError` with `.socket` when accepting fails, and `CancellationError`
    ///   when the task is cancelled while waiting.
    public func nextConnection() async throws -> IncomingConnection {
        IncomingConnection(socket: try await acceptConnection(), context: context)
    }

    private func acceptConnection() async throws -> AsyncSocket {
        while true {
            do {
                if let (socket, peer) = try listener.accept() {
                    try? socket.disableNagle()
                    let peer = peer ?? SocketAddress(host: "0.0.0.0", port: 0)
                    return AsyncSocket(socket: socket, peer: peer, reactor: reactor)
                }
            } catch let error as SystemError {
                throw LabKitError(.socket, "accepting a connection on \(address) failed: \(error)", cause: error)
            }
            _ = try await reactor.wait(for: listener.descriptor, .readable, until: nil)
        }
    }

    /// Stops listening; connections already accepted stay open.
    public func close() {
        listener.close()
    }
}

extension TLSListener {
    /// A client's TCP connection that a ``TLSListener`` accepted and whose TLS handshake has
    /// not run yet.
    ///
    /// Dropping it without a handshake closes the connection.
    public struct IncomingConnection: Sendable {
        let socket: AsyncSocket
        let context: TLSContext?

        /// The client's address.
        public var peer: SocketAddress { socket.peer }

        /// Runs the server side of the TLS handshake, or does nothing for a plain listener.
        ///
        /// - Throws: `TLSError` when the handshake fails, and `LabKitError` with `.timedOut`
        ///   when it does not finish within `timeout`. Either way the connection is closed.
        public func handshake(timeout: Duration = .seconds(10)) async throws -> TLSStream {
            guard let context else {
                return TLSStream(socket: socket, connectionInfo: nil)
            }
            let deadline = ContinuousClock.now + timeout
            do {
                let (secured, info) = try await socket.startTLS(context: context, serverName: nil, deadline: deadline)
                return TLSStream(socket: secured, connectionInfo: info)
            } catch {
                // Reading what is left keeps the alert just sent from being lost to a reset.
                await socket.closeAfterDraining(deadline: .now + HTTPServer.lingerTimeout)
                throw error
            }
        }
    }
}
