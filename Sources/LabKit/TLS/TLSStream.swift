/// A TLS connection (or, for relaying, a plain TCP one) with `async` reads and writes on
/// the kit's non-blocking sockets.
///
/// ```swift
/// let stream = try await TLSStream.connect(
///     to: SocketAddress(host: "127.0.0.1", port: port),
///     serverName: "localhost",
///     configuration: .client(trustedRootsPEM: rootPEM))
/// try await stream.write(Array("ping".utf8))
/// let reply = try await stream.read()
/// await stream.close()
/// ```
///
/// One task may read while another writes, as a relay between two streams needs. Two
/// tasks must not read (or write) the same stream at once.
public final class TLSStream: Sendable {
    let socket: AsyncSocket
    /// The parameters the handshake negotiated, or `nil` for a plain TCP stream.
    public let connectionInfo: TLSConnectionInfo?

    init(socket: AsyncSocket, connectionInfo: TLSConnectionInfo?) {
        self.socket = socket
        self.connectionInfo = connectionInfo
    }

    deinit {
        socket.socket.close()
    }

    /// The address of the other end.
    public var peer: SocketAddress { socket.peer }

    /// The certificates the peer sent, or `nil` when it sent none or the stream is plain TCP.
    public var peerCertificates: TLSPeerCertificates? { connectionInfo?.peerCertificates }

    // MARK: - Connecting

    /// Connects to a TLS server and completes the handshake.
    ///
    /// - Parameters:
    ///   - address: The numeric address of the server.
    ///   - serverName: The name the server's certificate must match (an IP address is
    ///     matched against IP address SANs), sent as SNI unless it is an IP address.
    ///   - configuration: The client settings.
    ///   - timeout: How long connecting and the handshake may take together.
    /// - Throws: `TLSError` for an invalid configuration or a failed handshake, and
    ///   `LabKitError` (`.connectionRefused`, `.timedOut`, `.socket`) for the TCP connection.
    public static func connect(
        to address: SocketAddress,
        serverName: String?,
        configuration: TLSConfiguration,
        timeout: Duration = .seconds(10)
    ) async throws -> TLSStream {
        let context = try TLSContext(configuration, role: .client)
        return try await connect(to: address, serverName: serverName, context: context, timeout: timeout)
    }

    static func connect(
        to address: SocketAddress,
        serverName: String?,
        context: TLSContext,
        timeout: Duration
    ) async throws -> TLSStream {
        let deadline = ContinuousClock.now + timeout
        let plain = try await AsyncSocket.connect(to: address, deadline: deadline, reactor: try sharedReactor())
        do {
            let (secured, info) = try await plain.startTLS(context: context, serverName: serverName, deadline: deadline)
            return TLSStream(socket: secured, connectionInfo: info)
        } catch {
            plain.socket.close()
            throw error
        }
    }

    /// Opens a plain TCP connection, for relaying bytes (TLS records included) without
    /// decrypting them.
    ///
    /// - Throws: `LabKitError` with `.connectionRefused`, `.timedOut` or `.socket`.
    public static func connectWithoutTLS(to address: SocketAddress, timeout: Duration = .seconds(10)) async throws
        -> TLSStream
    {
        let deadline = ContinuousClock.now + timeout
        let socket = try await AsyncSocket.connect(to: address, deadline: deadline, reactor: try sharedReactor())
        return TLSStream(socket: socket, connectionInfo: nil)
    }

    static func sharedReactor() throws -> Reactor {
        do {
            return try Reactor.shared()
        } catch {
            throw LabKitError(.socket, "starting the I/O thread failed: \(error)", cause: error as? SystemError)
        }
    }

    // MARK: - Transferring

    /// Reads the bytes that have arrived, waiting until at least one arrives.
    ///
    /// - Parameter timeout: How long to wait, or `nil` to wait without limit.
    /// - Returns: Up to 16 KiB of decrypted bytes; empty when the peer closed the stream
    ///   (with `close_notify`, or by closing TCP).
    /// - Throws: `TLSError` for an alert or a corrupt record, `LabKitError` for a socket
    ///   failure or timeout, and `CancellationError` when the task is cancelled.
    public func read(timeout: Duration? = nil) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try await socket.read(appendingTo: &bytes, deadline: timeout.map { .now + $0 })
        return bytes
    }

    /// Sends all of `bytes`.
    ///
    /// - Throws: `TLSError`, `LabKitError` (`.connectionClosed`, `.timedOut`, `.socket`),
    ///   or `CancellationError`.
    public func write(_ bytes: [UInt8], timeout: Duration? = nil) async throws {
        try await socket.write(bytes, deadline: timeout.map { .now + $0 })
    }

    /// Sends `close_notify` on a TLS stream (RFC 8446 §6.1), then closes the connection
    /// after the peer closes its side or `timeout` passes.
    public func close(timeout: Duration = .seconds(1)) async {
        await socket.closeAfterDraining(deadline: .now + timeout)
    }
}
