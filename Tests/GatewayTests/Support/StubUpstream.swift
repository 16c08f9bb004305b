import Foundation
import Gateway
import LabKit
import Synchronization

/// The end of a chain under test: records every context that reached it and responds
/// with a fixed response, or throws.
final class StubUpstream: Upstream, Sendable {
    enum Behavior: Sendable {
        case respond(HTTPResponse)
        case fail(any Error & Sendable)
    }

    private let behavior: Behavior
    private let received = Mutex<[RequestContext]>([])

    init(_ behavior: Behavior = .respond(HTTPResponse(status: .ok, text: "from backend"))) {
        self.behavior = behavior
    }

    /// Every context that reached the upstream, oldest first.
    var contexts: [RequestContext] {
        received.withLock { $0 }
    }

    func send(_ context: RequestContext) async throws -> HTTPResponse {
        received.withLock { $0.append(context) }
        switch behavior {
        case .respond(let response):
            return response
        case .fail(let error):
            throw error
        }
    }

    /// The same stub as a middleware's `next`.
    var next: Next {
        { context in try await self.send(context) }
    }
}

/// An error whose text is full of what must never reach a client.
struct LeakyBackendError: Error, CustomStringConvertible {
    static let secretFragments = ["SELECT", "/srv/orders", "orders-db.internal"]

    var description: String {
        #"SQLITE_ERROR near "FROM": SELECT * FROM users WHERE name = ''' at /srv/orders/Sources/Store.swift:42 (orders-db.internal:5432)"#
    }
}
