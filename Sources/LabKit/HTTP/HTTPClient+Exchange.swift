import Foundation

extension HTTPClient {
    /// One request on its way: its bytes and the deadline for the whole response.
    struct Exchange {
        var request: HTTPRequest
        var endpoint: Endpoint
        var bytes: [UInt8]
        var timeout: Duration
        var deadline: ContinuousClock.Instant
    }

    /// A failure of a reused connection before any byte of the response arrived.
    ///
    /// This is what happens when the server closed the connection while it sat idle, so
    /// an idempotent request may be retried.
    struct StaleConnectionError: Error {
        var underlying: any Error
    }

    /// Sends the request on `connection` and reads the response, then keeps the connection
    /// for reuse or closes it.
    ///
    /// - Throws: `StaleConnectionError` when a reused connection fails before any response
    ///   byte arrives, and the mapped `LabKitError` otherwise.
    func perform(_ exchange: Exchange, on connection: AsyncSocket, isReused: Bool) async throws -> HTTPResponse {
        var reader = MessageReader(socket: connection)
        do {
            try await connection.write(exchange.bytes, deadline: exchange.deadline)
            let (response, keepAlive) = try await readResponse(from: &reader, for: exchange)
            if keepAlive && reader.bufferedCount == 0 {
                release(connection, to: exchange.endpoint)
            } else {
                connection.socket.close()
            }
            return response
        } catch {
            connection.socket.close()
            let mapped = clientError(error, exchange: exchange, peer: connection.peer)
            if isReused && reader.receivedByteCount == 0 && isStale(mapped) {
                throw StaleConnectionError(underlying: mapped)
            }
            throw mapped
        }
    }

    private func isStale(_ error: any Error) -> Bool {
        (error as? LabKitError)?.code == .connectionClosed
    }

    /// Reads the final response, skipping interim 1xx responses (RFC 9110 §15.2).
    private func readResponse(
        from reader: inout MessageReader,
        for exchange: Exchange
    ) async throws -> (HTTPResponse, keepAlive: Bool) {
        while true {
            let lines = try await reader.readHead(limits: Configuration.responseHeadLimits, deadline: exchange.deadline)
            guard let lines else {
                throw LabKitError(
                    .connectionClosed, "\(reader.socket.peer) closed the connection without sending a response")
            }
            let head = try HTTPResponseHead(lines: lines, requestMethod: exchange.request.method)
            if head.isInterim { continue }
            let body = try await reader.readBody(
                head.framing, limits: configuration.bodyLimits, deadline: exchange.deadline)
            let requestCloses = exchange.request.headers.tokens(for: "Connection").contains("close")
            let response = HTTPResponse(status: head.status, headers: head.headers, body: Data(body))
            return (response, head.keepAlive && !requestCloses)
        }
    }

    /// Converts internal errors into the `LabKitError` that `send` throws, naming the address.
    private func clientError(_ error: any Error, exchange: Exchange, peer: SocketAddress) -> any Error {
        switch error {
        case let error as HTTPParseError where error.status == .contentTooLarge:
            return LabKitError(
                .limitExceeded,
                "the response body from \(peer) is larger than maxResponseBodyBytes (\(configuration.maxResponseBodyBytes)); raise the limit if the response is expected",
                cause: error
            )
        case let error as HTTPParseError:
            return error.labKitError(from: peer)
        case let error as LabKitError where error.code == .timedOut:
            return LabKitError(
                .timedOut,
                "no complete response from \(peer) within \(exchange.timeout); check the server or raise the timeout",
                cause: error
            )
        default:
            return error
        }
    }
}
