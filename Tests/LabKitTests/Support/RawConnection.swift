import Foundation

@testable import LabKit

/// A response as a test reads it from raw bytes, parsed independently of LabKit's parser.
struct RawResponse {
    var statusCode: Int
    var headers: [(name: String, value: String)]
    var body: String

    /// Returns the first value of a header field, matching the name case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a raw read ended without what the test expected.
struct RawConnectionError: Error, CustomStringConvertible {
    var description: String
}

/// A TCP connection that writes and reads bytes exactly as given, for tests that must send
/// what a well-behaved client never would.
///
/// Every read is bounded by a deadline.
struct RawConnection {
    let socket: AsyncSocket
    private var buffer: [UInt8] = []

    /// How long a test waits for the server by default; far above what a passing test needs.
    static let defaultWait: Duration = .seconds(30)

    init(socket: AsyncSocket) {
        self.socket = socket
    }

    /// Connects to `address`.
    static func open(_ address: SocketAddress) async throws -> RawConnection {
        let socket = try await AsyncSocket.connect(to: address, deadline: .now + defaultWait, reactor: Reactor.shared())
        return RawConnection(socket: socket)
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await socket.write(bytes, deadline: .now + Self.defaultWait)
    }

    /// Sends a FIN, as a client does when it has nothing more to send.
    func shutdownWrite() {
        socket.socket.shutdownWrite()
    }

    func close() {
        socket.socket.close()
    }

    /// Reads one response framed by `Content-Length`.
    ///
    /// Pass `hasBody: false` for the response to a `HEAD` request, because its
    /// `Content-Length` describes a body that is not sent.
    mutating func readResponse(within wait: Duration = defaultWait, hasBody: Bool = true) async throws -> RawResponse {
        let deadline = ContinuousClock.now + wait
        let headEnd = try await readUntil(Array("\r\n\r\n".utf8), deadline: deadline)
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let code = Int(statusLine[1]) else {
            throw RawConnectionError(description: "invalid status line in: \(head)")
        }
        let headers = lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (name: String(parts[0]), value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var response = RawResponse(statusCode: code, headers: headers, body: "")
        let length = hasBody ? response.header("Content-Length").flatMap { Int($0) } ?? 0 : 0
        while buffer.count < length {
            try await fill(deadline: deadline)
        }
        response.body = String(decoding: buffer[..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return response
    }

    /// Reads a request head up to its empty line, for mock servers; returns it as text.
    mutating func readRequestHead(within wait: Duration = defaultWait) async throws -> String {
        let headEnd = try await readUntil(Array("\r\n\r\n".utf8), deadline: .now + wait)
        defer { buffer.removeFirst(headEnd + 4) }
        return String(decoding: buffer[..<headEnd], as: UTF8.self)
    }

    /// Reads everything until the server closes the connection.
    mutating func readUntilClose(within wait: Duration = defaultWait) async throws -> String {
        let deadline = ContinuousClock.now + wait
        while try await socket.read(appendingTo: &buffer, deadline: deadline) > 0 {}
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }

    private mutating func readUntil(_ marker: [UInt8], deadline: ContinuousClock.Instant) async throws -> Int {
        while true {
            if let range = buffer.firstRange(of: marker) {
                return range.lowerBound
            }
            try await fill(deadline: deadline)
        }
    }

    private mutating func fill(deadline: ContinuousClock.Instant) async throws {
        guard try await socket.read(appendingTo: &buffer, deadline: deadline) > 0 else {
            throw RawConnectionError(
                description:
                    "the server closed the connection; received so far: \(String(decoding: buffer, as: UTF8.self))")
        }
    }
}

/// A listening socket whose connections a test serves by hand, to play a misbehaving server.
final class RawServer: Sendable {
    let listener: Socket
    let address: SocketAddress

    init() throws {
        listener = try Socket.listening(on: SocketAddress(host: "127.0.0.1", port: 0), backlog: 16)
        address = try listener.localAddress()
    }

    /// Waits for the next connection.
    func accept(within wait: Duration = RawConnection.defaultWait) async throws -> RawConnection {
        let deadline = ContinuousClock.now + wait
        let reactor = try Reactor.shared()
        while true {
            if let (socket, peer) = try listener.accept() {
                let connected = AsyncSocket(socket: socket, peer: peer ?? address, reactor: reactor)
                return RawConnection(socket: connected)
            }
            guard try await reactor.wait(for: listener.descriptor, .readable, until: deadline) == .ready else {
                throw RawConnectionError(description: "no connection arrived at \(address) within \(wait)")
            }
        }
    }

    func close() {
        listener.close()
    }
}
