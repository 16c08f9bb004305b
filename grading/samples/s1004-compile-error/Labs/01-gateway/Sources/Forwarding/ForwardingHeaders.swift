public import LabKit

/// The header hygiene of a proxy: what the gateway removes, replaces and adds when it
/// passes a request to a backend and the response back to the client.
public enum ForwardingHeaders {
    /// The hop-by-hop fields of RFC 9110 §7.6.1, which describe one connection only.
    ///
    /// These fields never cross a proxy. Any field whose name starts with `Proxy-` is
    /// treated the same way.
    public static let hopByHopFields = [
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    ]

    /// Fields that only the gateway may set on a forwarded request: whatever a client
    /// sends under these names is removed before the gateway's own values are added.
    public static let gatewayOwnedFields = [
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "Forwarded", "X-Consumer-ID",
        "X-Request-ID",
    ]

    /// Returns the headers without hop-by-hop fields.
    ///
    /// Those are every field in ``hopByHopFields``, every field whose name starts with
    /// `Proxy-`, and every field that a `Connection` header names (`Connection: close,
    /// X-Trace` makes `X-Trace` hop-by-hop too). Names compare case-insensitively.
    public static func removingHopByHop(_ headers: HTTPHeaders) -> HTTPHeaders {
        let named = Set(headers.tokens(for: "Connection"))
        let listed = Set(hopByHopFields.map { $0.lowercased() })
        return keeping(headers) { name in
            !(listed.contains(name) || named.contains(name) || name.hasPrefix("proxy-"))
        }
    }

    /// Builds the headers of the request the gateway sends to a backend.
    ///
    /// Starting from the client's headers:
    /// 1. Hop-by-hop fields go (``removingHopByHop(_:)``).
    /// 2. The client's API key (``APIKey/headerName``) goes: the backend trusts the
    ///    gateway, not the key, and every extra copy of a secret is another place to leak it.
    /// 3. `Host` and `Content-Length` go; the HTTP client sets both for the backend hop.
    /// 4. Every field in ``gatewayOwnedFields`` goes, so that nothing the client wrote
    ///    under those names reaches the backend.
    /// 5. The gateway adds its own fields. `X-Forwarded-For` and `X-Real-IP` carry the TCP
    ///    peer's address. `Forwarded: for=ADDRESS` carries it too (RFC 7239 §4), with an
    ///    IPv6 address quoted and bracketed as `for="[2001:db8::1]"` (§6).
    ///    `X-Forwarded-Proto: http` is the scheme the lab's gateway listens with. Then come
    ///    `X-Request-ID`, and `X-Consumer-ID` with the application's id when there is one.
    ///
    /// - Throws: When the request has no peer address, so the source is unknown.
    public static func requestHeaders(for context: RequestContext) throws -> HTTPHeaders {
        guard let peer = context.request.peer else {
            throw GatewayMisconfiguration("the request has no peer address, so its source cannot be forwarded")
        }
        let removed = Set(([APIKey.headerName, "Host", "Content-Length"] + gatewayOwnedFields).map { $0.lowercased() })
        var headers = keeping(removingHopByHop(context.request.headers)) { !removed.contains($0) }

        let isIPv6 = peer.host.contains(":")
        headers.add(name: "X-Forwarded-For", value: peer.host)
        headers.add(name: "X-Real-IP", value: peer.host)
        headers.add(name: "Forwarded", value: isIPv6 ? #"for="[\#(peer.host)]""# : "for=\(peer.host)")
        headers.add(name: "X-Forwarded-Proto", value: "http")
        headers.add(name: "X-Request-ID", value: context.requestID)
        if let application = context.application {
            headers.add(name: "X-Consumer-ID", value: application.id)
        }
        return headers
    }

    /// Builds the headers of the response the gateway returns to the client: the
    /// backend's headers without hop-by-hop fields (``removingHopByHop(_:)``).
    public static func responseHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        removingHopByHop(headers)
    }

    /// Returns the fields whose lowercased name `isKept` accepts, in their original order.
    private static func keeping(_ headers: HTTPHeaders, where isKept: (String) -> Bool) -> HTTPHeaders {
        HTTPHeaders(headers.filter { isKept($0.name.lowercased()) }.map { ($0.name, $0.value) })
    }
}
