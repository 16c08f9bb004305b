import Foundation
public import LabKit

/// A backend's check of where a request really comes from: the gateway's
/// `X-Forwarded-For` when the connection comes from the gateway, the connection's own
/// peer otherwise, compared with an allow list.
///
/// A backend that believed `X-Forwarded-For` from anyone could be fooled by any client
/// that reaches it directly: the header is plain text the client chooses.
public struct ForwardedSourcePolicy: Sendable {
    /// The proxies whose `X-Forwarded-For` the backend believes: the gateway's addresses.
    public let trustedProxies: [IPNetwork]
    /// The client addresses the backend serves.
    public let allowedClients: [IPNetwork]

    public init(trustedProxies: [IPNetwork], allowedClients: [IPNetwork]) {
        self.trustedProxies = trustedProxies
        self.allowedClients = allowedClients
    }

    /// Returns the address of the client that originally sent the request, or `nil`
    /// when it cannot be determined.
    ///
    /// - The connection's peer (``HTTPRequest/peer``) is parsed with ``IPAddress/init(_:)``;
    ///   no peer or an unparsable one gives `nil`.
    /// - A peer that is not in ``trustedProxies`` is the client: its headers are ignored.
    /// - From a trusted proxy without `X-Forwarded-For`, the proxy itself is the client.
    /// - Otherwise the `X-Forwarded-For` values (all fields, in order, split at commas,
    ///   trimmed) are read from the right, skipping addresses in ``trustedProxies``. The
    ///   first one that is not trusted is the client, because only the entries that
    ///   trusted proxies appended can be believed. If every entry is trusted, the leftmost
    ///   is the client. An entry that is not an IP address gives `nil`, failing closed.
    ///
    /// `X-Real-IP` and `Forwarded` are not read: the backend believes one field only.
    public func clientAddress(of request: HTTPRequest) -> IPAddress? {
        guard let host = request.peer?.host, let peer = IPAddress(host) else {
            return nil
        }
        let forwarded = request.headers.values(for: "X-Forwarded-For")
        guard isTrustedProxy(peer), !forwarded.isEmpty else {
            return peer
        }

        // The whole list is parsed first, so an entry that is not an address rejects
        // the header wherever it appears, not only when the scan from the right reaches it.
        var chain: [IPAddress] = []
        for entry in forwarded.joined(separator: ",").split(separator: ",", omittingEmptySubsequences: false) {
            guard let address = IPAddress(entry.trimmingCharacters(in: .whitespaces)) else {
                return nil
            }
            chain.append(address)
        }
        return chain.last { !isTrustedProxy($0) } ?? chain.first
    }

    /// Returns whether the request's client (``clientAddress(of:)``) is in
    /// ``allowedClients``.
    public func permits(_ request: HTTPRequest) -> Bool {
        guard let client = clientAddress(of: request) else { return false }
        return allowedClients.contains { $0.contains(client) }
    }

    /// Wraps a backend's handler so that requests this policy does not permit get
    /// `403 Forbidden` and never reach it.
    public func guarding(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        { request in
            guard permits(request) else {
                return HTTPResponse(status: .forbidden, text: "forbidden")
            }
            return try await handler(request)
        }
    }

    private func isTrustedProxy(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
