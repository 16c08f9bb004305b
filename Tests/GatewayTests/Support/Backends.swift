import Foundation
import Gateway
import LabKit
import Synchronization

/// A backend service on 127.0.0.1 that records every request it receives and responds
/// with a fixed response.
final class RecordingBackend: Sendable {
    let server: HTTPServer
    let address: SocketAddress
    private let log = RequestLog()

    /// Starts the backend on a port the system chooses.
    /// - Parameters:
    ///   - response: The response to every request.
    ///   - policy: When set, the backend checks each request's source with it first.
    init(response: HTTPResponse = HTTPResponse(status: .ok, text: "from backend"), policy: ForwardedSourcePolicy? = nil)
        throws
    {
        let log = log
        let handler: HTTPHandler = { request in
            log.append(request)
            return response
        }
        server = HTTPServer(handler: policy.map { $0.guarding(handler) } ?? handler)
        address = try server.start()
    }

    /// Every request that reached the handler, oldest first.
    var requests: [HTTPRequest] {
        log.requests
    }

    func stop() async {
        await server.stop()
    }
}

/// The requests a backend received, safe to append to from many handlers at once.
final class RequestLog: Sendable {
    private let stored = Mutex<[HTTPRequest]>([])

    var requests: [HTTPRequest] {
        stored.withLock { $0 }
    }

    func append(_ request: HTTPRequest) {
        stored.withLock { $0.append(request) }
    }
}

/// A barrier that a slow backend's handler waits at until the test opens it, so that a
/// timeout can be tested without sleeping.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Returns once the gate is open.
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

    /// Opens the gate and releases every waiter.
    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }
}

/// Returns an address on 127.0.0.1 where nothing listens: the port of a server that has stopped.
func closedLoopbackAddress() async throws -> SocketAddress {
    let server = HTTPServer { _ in HTTPResponse(status: .ok) }
    let address = try server.start()
    await server.stop()
    return address
}
