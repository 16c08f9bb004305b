import Foundation
import Synchronization

@testable import LabKit

/// Runs `body` with a started server and always stops the server afterwards.
func withServer<Result>(
    _ configuration: HTTPServer.Configuration = .init(),
    logger: Logger = .disabled,
    handler: @escaping HTTPHandler = { request in HTTPResponse(status: .ok, text: "path=\(request.path)") },
    _ body: (HTTPServer, SocketAddress) async throws -> Result
) async throws -> Result {
    let server = HTTPServer(configuration: configuration, logger: logger, handler: handler)
    let address = try server.start()
    do {
        let result = try await body(server, address)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A one-shot signal that tasks wait on until a test opens it.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Whether ``open()`` has been called.
    var isOpen: Bool {
        state.withLock { $0.isOpen }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen {
                    state.waiters.append(continuation)
                }
                return state.isOpen
            }
            if isOpen {
                continuation.resume()
            }
        }
    }
}

/// Opens its gate once `count` tasks have arrived, so a test can prove they run at once.
final class Countdown: Sendable {
    private let remaining: Mutex<Int>
    let gate = Gate()

    init(_ count: Int) {
        remaining = Mutex(count)
    }

    /// Counts one arrival and waits until all have arrived.
    func arriveAndWait() async {
        let isLast = remaining.withLock { count in
            count -= 1
            return count == 0
        }
        if isLast {
            gate.open()
        }
        await gate.wait()
    }
}

/// A well-formed request, for which the default test handler returns 200.
let normalRequest = "GET /check HTTP/1.1\r\nHost: test\r\n\r\n"

/// Sends ``normalRequest`` on a new connection and returns the status, to show the server
/// still works after a test abused it.
func statusOfNormalRequest(to address: SocketAddress) async throws -> Int {
    var connection = try await RawConnection.open(address)
    defer { connection.close() }
    try await connection.send(normalRequest)
    return try await connection.readResponse().statusCode
}
