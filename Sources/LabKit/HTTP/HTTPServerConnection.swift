import Foundation

/// Serves the requests of one accepted connection, one after another, until it closes.
///
/// Requests are read, handled and responded to in order, so pipelined requests get their
/// responses in the order they were sent (RFC 9112 §9.3.2). A protocol error gets a
/// response with its status and ends the connection, because after a framing error the
/// server can no longer find where the next request starts.
struct HTTPServerConnection {
    private let server: HTTPServer
    private let id: UInt64
    private var reader: MessageReader
    private let logger: Logger
    /// The parameters the connection's TLS handshake negotiated, or `nil` for plain HTTP.
    private let tls: TLSConnectionInfo?

    init(server: HTTPServer, id: UInt64, socket: AsyncSocket, tls: TLSConnectionInfo? = nil) {
        self.server = server
        self.id = id
        self.tls = tls
        reader = MessageReader(socket: socket)
        logger = server.logger.with(metadata: ["peer": socket.peer.description, "connection": String(id)])
    }

    private var socket: AsyncSocket { reader.socket }
    private var configuration: HTTPServer.Configuration { server.configuration }

    /// Serves requests until the connection closes, and closes it.
    mutating func run() async {
        defer { socket.socket.close() }
        while await waitForRequest() {
            guard await serveRequest() else { return }
        }
    }

    // MARK: - Waiting

    /// Waits for the first byte of the next request.
    ///
    /// Returns `false` when the connection should close quietly, because the peer closed it,
    /// it stayed idle for ``HTTPServer/Configuration/idleTimeout``, or the server is stopping.
    private mutating func waitForRequest() async -> Bool {
        if reader.bufferedCount > 0 {
            return server.connectionStartedRequest(id)
        }
        guard server.connectionBecameIdle(id) else { return false }
        do {
            guard try await reader.fill(deadline: .now + configuration.idleTimeout) else {
                logger.debug("the client closed the connection")
                return false
            }
        } catch {
            logger.debug("closing an idle connection", metadata: ["reason": "\(error)"])
            return false
        }
        return server.connectionStartedRequest(id)
    }

    // MARK: - Serving

    /// Reads and handles one request and writes its response; returns whether the connection stays open.
    private mutating func serveRequest() async -> Bool {
        let deadline = ContinuousClock.now + configuration.requestTimeout
        let head: HTTPRequestHead
        let request: HTTPRequest
        do {
            (head, request) = try await readRequest(deadline: deadline)
        } catch {
            await reject(error)
            return false
        }
        let response = await respond(to: request)
        return await send(response, for: head)
    }

    private mutating func readRequest(deadline: ContinuousClock.Instant) async throws -> (HTTPRequestHead, HTTPRequest)
    {
        guard let lines = try await reader.readHead(limits: configuration.headLimits, deadline: deadline) else {
            throw LabKitError(.connectionClosed, "\(socket.peer) closed the connection before sending a request")
        }
        let head = try HTTPRequestHead(lines: lines)
        if head.expectsContinue {
            try await sendContinue(for: head, deadline: deadline)
        }
        let body = try await reader.readBody(head.framing, limits: configuration.bodyLimits, deadline: deadline)
        var request = HTTPRequest(
            method: head.method,
            target: head.target,
            version: head.version,
            headers: head.headers,
            body: Data(body),
            peer: socket.peer
        )
        request.tls = tls
        return (head, request)
    }

    /// Sends `100 Continue` unless the body has started to arrive or is already known to be
    /// too large, in which case the final response comes first (RFC 9110 §10.1.1).
    private func sendContinue(for head: HTTPRequestHead, deadline: ContinuousClock.Instant) async throws {
        if case .length(let count) = head.framing, count > configuration.maxBodyBytes {
            throw MessageReader.tooLarge(configuration.bodyLimits)
        }
        guard head.framing != .none, reader.bufferedCount == 0 else { return }
        try await socket.write(HTTPSerializer.continueResponse, deadline: deadline)
    }

    /// Calls the handler; a thrown error becomes a bare 500 that reveals nothing about it.
    private func respond(to request: HTTPRequest) async -> HTTPResponse? {
        do {
            return try await server.handler(request)
        } catch {
            logger.error(
                "the handler threw an error; responding with 500",
                metadata: ["method": request.method.rawValue, "path": request.path, "error": "\(error)"]
            )
            return nil
        }
    }

    // MARK: - Responding

    /// Writes the response, or a bare 500 when there is none; returns whether the connection
    /// stays open.
    private func send(_ response: HTTPResponse?, for head: HTTPRequestHead) async -> Bool {
        guard let response, let bytes = serialize(response, for: head) else {
            await sendErrorAndClose(HTTPSerializer.errorResponse(.internalServerError))
            return false
        }
        do {
            try await socket.write(bytes.data, deadline: .now + configuration.writeTimeout)
        } catch {
            logger.debug("writing a response failed", metadata: ["error": "\(error)"])
            return false
        }
        if bytes.closes {
            await socket.closeAfterDraining(deadline: .now + HTTPServer.lingerTimeout)
            return false
        }
        return true
    }

    private func serialize(_ response: HTTPResponse, for head: HTTPRequestHead) -> (data: [UInt8], closes: Bool)? {
        let closes =
            !head.keepAlive || server.isStopping || response.headers.tokens(for: "Connection").contains("close")
        let context = HTTPSerializer.ResponseContext(
            isHeadRequest: head.method == .head,
            closesConnection: closes,
            confirmsKeepAlive: head.version == "HTTP/1.0"
        )
        do {
            return (try HTTPSerializer.serialize(response, context: context), closes)
        } catch {
            logger.error(
                "the handler returned a response that cannot be sent; responding with 500",
                metadata: ["method": head.method.rawValue, "error": "\(error)"]
            )
            return nil
        }
    }

    /// Sends the error response for a request that could not be read, and closes.
    private func reject(_ error: any Error) async {
        switch error {
        case let error as HTTPParseError:
            logger.debug(
                "rejecting an invalid request", metadata: ["status": String(error.status.code), "reason": error.reason])
            await sendErrorAndClose(HTTPSerializer.errorResponse(error.status, reason: error.reason))
        case let error as LabKitError where error.code == .timedOut:
            logger.debug("the request did not arrive within the request timeout")
            let reason = "the request did not arrive within \(configuration.requestTimeout)"
            await sendErrorAndClose(HTTPSerializer.errorResponse(.requestTimeout, reason: reason))
        default:
            logger.debug("closing the connection while reading a request", metadata: ["reason": "\(error)"])
        }
    }

    private func sendErrorAndClose(_ bytes: [UInt8]) async {
        let deadline = ContinuousClock.now + HTTPServer.lingerTimeout
        try? await socket.write(bytes, deadline: deadline)
        await socket.closeAfterDraining(deadline: deadline)
    }
}
