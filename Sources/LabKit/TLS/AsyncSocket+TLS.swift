/// The TLS side of ``AsyncSocket``: each OpenSSL call runs at once, and when it needs bytes
/// from the peer, the task waits on the reactor and then feeds OpenSSL what arrived.
extension AsyncSocket {
    /// Starts TLS on this connection and runs the handshake.
    ///
    /// - Parameters:
    ///   - context: The client or server context.
    ///   - serverName: On a client, the name the server's certificate must match and the
    ///     SNI to send; `nil` on a server.
    ///   - deadline: When to give up on the handshake.
    /// - Returns: A copy of this socket whose reads and writes go through TLS, and what
    ///   the handshake negotiated.
    /// - Throws: `TLSError` for a failed handshake; `LabKitError` (`.timedOut`,
    ///   `.connectionClosed`, `.socket`) for a socket failure.
    func startTLS(
        context: TLSContext,
        serverName: String?,
        deadline: ContinuousClock.Instant
    ) async throws -> (AsyncSocket, TLSConnectionInfo) {
        let session = try TLSSession(context: context, serverName: serverName, peer: peer.description)
        let outcome = try await drive(session, action: "the TLS handshake with", deadline: deadline) {
            session.handshake()
        }
        switch outcome {
        case .completed:
            var secured = self
            secured.tls = session
            return (secured, session.connectionInfo())
        case .failed(let error):
            throw error
        case .needsInput, .closeNotify, .transportClosed:
            throw TLSError(
                .closedDuringHandshake,
                "\(peer) closed the connection during the TLS handshake; check that it speaks TLS and accepts this side's version and certificate"
            )
        }
    }

    func readTLS(
        _ session: TLSSession,
        appendingTo buffer: inout [UInt8],
        deadline: ContinuousClock.Instant?
    ) async throws -> Int {
        var scratch = [UInt8](repeating: 0, count: Self.readChunkSize)
        let outcome = try await drive(session, action: "reading from", deadline: deadline) {
            scratch.withUnsafeMutableBytes { session.read(into: $0) }
        }
        switch outcome {
        case .completed(let count):
            buffer.append(contentsOf: scratch[..<count])
            return count
        // NOTE: a TCP close without close_notify counts as end of file, as in most HTTP
        // clients; HTTP framing (Content-Length, chunked) still detects a cut body.
        case .closeNotify, .transportClosed, .needsInput:
            return 0
        case .failed(let error):
            throw error
        }
    }

    func writeTLS(_ session: TLSSession, _ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        guard !bytes.isEmpty else { return }
        let outcome = try await drive(session, action: "writing to", deadline: deadline) {
            bytes.withUnsafeBytes { session.write($0) }
        }
        switch outcome {
        case .completed:
            return
        case .failed(let error):
            throw error
        case .needsInput, .closeNotify, .transportClosed:
            throw LabKitError(.connectionClosed, "writing to \(peer) failed because the peer closed the connection")
        }
    }

    /// Sends `close_notify` once, giving up quietly when the socket fails or `deadline` passes.
    func sendCloseNotify(_ session: TLSSession, deadline: ContinuousClock.Instant) async {
        guard session.queueCloseNotify() else { return }
        try? await flush(session, action: "closing", deadline: deadline)
    }

    // MARK: - Driving OpenSSL

    /// Repeats `call` until it completes or fails, sending what it produced after each try
    /// and receiving bytes whenever it needs them.
    ///
    /// An alert produced by a failing call is sent before the failure is returned, so the
    /// peer learns why the handshake ended.
    private func drive(
        _ session: TLSSession,
        action: String,
        deadline: ContinuousClock.Instant?,
        _ call: () -> TLSSession.Outcome
    ) async throws -> TLSSession.Outcome {
        while true {
            try checkDeadline(deadline, action: action)
            let outcome = call()
            do {
                try await flush(session, action: action, deadline: deadline)
            } catch {
                if case .failed = outcome { return outcome }
                throw error
            }
            guard case .needsInput = outcome else { return outcome }
            try await receive(into: session, action: action, deadline: deadline)
        }
    }

    private func flush(_ session: TLSSession, action: String, deadline: ContinuousClock.Instant?) async throws {
        while true {
            let isEmpty: Bool
            do {
                isEmpty = try session.sendOutbox(over: socket)
            } catch let error as SystemError {
                throw transferError(error, action: action)
            }
            if isEmpty { return }
            try checkDeadline(deadline, action: action)
            try await waitUntilReady(.writable, deadline: deadline, action: action)
        }
    }

    /// Moves the bytes that have arrived into OpenSSL, waiting until at least one byte
    /// or end of file arrives.
    private func receive(into session: TLSSession, action: String, deadline: ContinuousClock.Instant?) async throws {
        var bytes: [UInt8] = []
        while true {
            switch try receiveNow(appendingTo: &bytes) {
            case .received:
                session.receive(bytes)
                return
            case .endOfFile:
                session.receiveEndOfFile()
                return
            case .wouldBlock:
                try await waitUntilReady(.readable, deadline: deadline, action: action)
                try checkDeadline(deadline, action: action)
            }
        }
    }
}
