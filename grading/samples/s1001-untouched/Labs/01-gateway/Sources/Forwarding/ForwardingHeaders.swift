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
        // TODO: Part 5 — drop the fields above. Returning the headers unchanged, as now, lets
        // a client smuggle connection-level instructions past the gateway.
        return headers
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
        // TODO: Part 5 — start from removingHopByHop, remove the key, Host, Content-Length and
        // gatewayOwnedFields, then add the gateway's own fields as listed above.
        throw LabKitError.notImplemented("build the headers of the forwarded request", part: 5)
    }

    /// Builds the headers of the response the gateway returns to the client: the
    /// backend's headers without hop-by-hop fields (``removingHopByHop(_:)``).
    public static func responseHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        // TODO: Part 5 — remove the hop-by-hop fields of the backend's response.
        return headers
    }
}
