/// A non-blocking ``Socket`` with `async` reads and writes that suspend on the ``Reactor``
/// instead of blocking a thread, each bounded by a deadline.
///
/// A read or write checks its deadline before each `recv` or `send`, so the deadline bounds
/// the transfer even when the socket never has to wait.
///
/// Errors are `LabKitError`s that name the peer: `.timedOut` when a deadline passes,
/// `.connectionClosed` when the peer resets the connection, and `.socket` for any other
/// failed call. Cancelling the task ends a wait with `CancellationError`.
struct AsyncSocket: Sendable {
    let socket: Socket
    /// The other end, used in error messages and logs.
    let peer: SocketAddress
    let reactor: Reactor
    /// The TLS state when the connection runs TLS, in which case reads, writes and closing
    /// go through it; `nil` for plain TCP.
    var tls: TLSSession? = nil

    /// The maximum number of bytes that one read appends to a buffer.
    static let readChunkSize = 16 * 1024

    // MARK: - Connecting

    /// Opens a TCP connection to `address`, failing once `deadline` passes.
    ///
    /// - Throws: `LabKitError` with code `.connectionRefused` when nothing listens at the
    ///   address or it is unreachable, `.timedOut` when the deadline passes first,
    ///   `.invalidArgument` for a host that is not a numeric address, and `.socket` otherwise.
    static func connect(
        to address: SocketAddress,
        deadline: ContinuousClock.Instant,
        reactor: Reactor
    ) async throws -> AsyncSocket {
        let socket: Socket
        do {
            socket = try Socket.makeStream(for: address)
            if try !socket.startConnect(to: address) {
                try await waitForConnect(socket, address: address, deadline: deadline, reactor: reactor)
            }
            try socket.disableNagle()
        } catch let error as SystemError {
            throw connectError(error, address: address)
        }
        return AsyncSocket(socket: socket, peer: address, reactor: reactor)
    }

    private static func waitForConnect(
        _ socket: Socket,
        address: SocketAddress,
        deadline: ContinuousClock.Instant,
        reactor: Reactor
    ) async throws {
        let readiness = try await reactor.wait(for: socket.descriptor, .writable, until: deadline)
        guard readiness == .ready else {
            throw LabKitError(
                .timedOut,
                "connecting to \(address) timed out; check that the server is running and accepting connections"
            )
        }
        if let error = socket.pendingError() {
            throw error
        }
    }

    private static func connectError(_ error: SystemError, address: SocketAddress) -> LabKitError {
        if error.isConnectionRefused {
            return LabKitError(
                .connectionRefused,
                "connection to \(address) failed: \(error); check that a server is listening there",
                cause: error
            )
        }
        return LabKitError(.socket, "connecting to \(address) failed: \(error)", cause: error)
    }

    // MARK: - Reading

    /// Appends the bytes that have arrived to `buffer`, waiting until at least one byte
    /// or end of file arrives.
    ///
    /// - Parameters:
    ///   - buffer: The buffer to append to.
    ///   - deadline: When to give up, or `nil` to wait without limit.
    /// - Returns: The number of bytes appended; `0` means end of file.
    /// - Throws: `LabKitError` (`.timedOut`, `.connectionClosed`, `.socket`) or `CancellationError`.
    func read(appendingTo buffer: inout [UInt8], deadline: ContinuousClock.Instant?) async throws -> Int {
        if let tls {
            return try await readTLS(tls, appendingTo: &buffer, deadline: deadline)
        }
        return try await readRaw(appendingTo: &buffer, deadline: deadline)
    }

    /// Reads bytes as they arrive on the socket, bypassing TLS.
    func readRaw(appendingTo buffer: inout [UInt8], deadline: ContinuousClock.Instant?) async throws -> Int {
        while true {
            try checkDeadline(deadline, action: "reading from")
            switch try receiveNow(appendingTo: &buffer) {
            case .received(let count):
                return count
            case .endOfFile:
                return 0
            case .wouldBlock:
                try await waitUntilReady(.readable, deadline: deadline, action: "reading from")
            }
        }
    }

    func receiveNow(appendingTo buffer: inout [UInt8]) throws -> Socket.ReceiveResult {
        let result = try withUnsafeTemporaryAllocation(byteCount: Self.readChunkSize, alignment: 1) { scratch in
            let result: Socket.ReceiveResult
            do {
                result = try socket.receive(into: scratch)
            } catch let error as SystemError {
                throw transferError(error, action: "reading from")
            }
            if case .received(let count) = result {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            }
            return result
        }
        return result
    }

    // MARK: - Writing

    /// Sends every byte of `bytes`, waiting whenever the socket buffer is full.
    ///
    /// - Throws: `LabKitError` (`.timedOut`, `.connectionClosed`, `.socket`) or `CancellationError`.
    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        if let tls {
            try await writeTLS(tls, bytes, deadline: deadline)
            return
        }
        var offset = 0
        while offset < bytes.count {
            try checkDeadline(deadline, action: "writing to")
            let sent: Int?
            do {
                sent = try bytes.withUnsafeBytes { all in
                    try socket.send(UnsafeRawBufferPointer(rebasing: all[offset...]))
                }
            } catch let error as SystemError {
                throw transferError(error, action: "writing to")
            }
            if let sent {
                offset += sent
            } else {
                try await waitUntilReady(.writable, deadline: deadline, action: "writing to")
            }
        }
    }

    // MARK: - Closing

    /// Returns whether an idle connection still looks open, with no end of file and no
    /// unread bytes, so that a client may reuse it.
    func isOpenAndQuiet() -> Bool {
        socket.isOpenAndQuiet() && tls?.hasBufferedInput != true
    }

    /// Closes in two stages: sends a FIN, then reads and discards until the peer closes
    /// or `deadline` passes, and only then closes the descriptor.
    ///
    /// Closing at once while request bytes are still unread makes the kernel send a reset,
    /// which can destroy a just-written error response before the client reads it
    /// (RFC 9112 §9.6). A TLS connection sends `close_notify` first (RFC 8446 §6.1).
    func closeAfterDraining(deadline: ContinuousClock.Instant, maxDiscardedBytes: Int = 1 << 20) async {
        defer {
            // Another task may be reading, as a relay's reader is; waking it first keeps
            // it from waiting on a closed descriptor until its own deadline, or forever.
            socket.shutdownBoth()
            socket.close()
        }
        if let tls {
            await sendCloseNotify(tls, deadline: deadline)
        }
        socket.shutdownWrite()
        var scratch: [UInt8] = []
        var discarded = 0
        while discarded < maxDiscardedBytes {
            scratch.removeAll(keepingCapacity: true)
            guard let count = try? await readRaw(appendingTo: &scratch, deadline: deadline), count > 0 else {
                return
            }
            discarded += count
        }
    }

    // MARK: - Errors

    /// Throws `.timedOut` once `deadline` has passed.
    ///
    /// Waiting on the reactor checks the deadline only when the socket is not ready, so
    /// without this a peer that keeps data flowing (or keeps reading) would never time out.
    func checkDeadline(_ deadline: ContinuousClock.Instant?, action: String) throws {
        if let deadline, ContinuousClock.now >= deadline {
            throw LabKitError(.timedOut, "\(action) \(peer) timed out")
        }
    }

    func waitUntilReady(
        _ interest: Reactor.Interest,
        deadline: ContinuousClock.Instant?,
        action: String
    ) async throws {
        let readiness = try await reactor.wait(for: socket.descriptor, interest, until: deadline)
        if readiness == .timedOut {
            throw LabKitError(.timedOut, "\(action) \(peer) timed out")
        }
    }

    func transferError(_ error: SystemError, action: String) -> LabKitError {
        if socket.isClosed {
            return LabKitError(
                .connectionClosed, "\(action) \(peer) failed because this side closed the connection", cause: error)
        }
        if error.isConnectionReset {
            return LabKitError(
                .connectionClosed,
                "\(action) \(peer) failed because the peer closed the connection",
                cause: error
            )
        }
        return LabKitError(.socket, "\(action) \(peer) failed: \(error)", cause: error)
    }
}
