public import LabKit

/// Rejects requests over a rate limit with `429 Too Many Requests`, and reports the
/// limit on the responses it lets through.
///
/// The headers are `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
/// (seconds until the bucket is full) from the IETF draft "RateLimit header fields for
/// HTTP" up to revision 06, plus `Retry-After` (RFC 9110 §10.2.3) on a rejection.
public struct RateLimitMiddleware: Middleware {
    /// The owner of a bucket.
    public enum Key: Sendable, Hashable {
        /// The TCP peer's IP address: the connection's real source, never a header.
        case sourceAddress
        /// The authenticated application's id.
        case application
    }

    public let limiter: RateLimiter
    public let key: Key
    public let logger: Logger

    public init(limiter: RateLimiter, keyedBy key: Key, logger: Logger) {
        self.limiter = limiter
        self.key = key
        self.logger = logger
    }

    /// Takes a token from the bucket of this request's key.
    ///
    /// - ``Key/sourceAddress`` uses ``HTTPRequest/peer``'s host. Headers such as
    ///   `X-Forwarded-For` are chosen by the client and must never pick the bucket.
    /// - ``Key/application`` uses ``RequestContext/application``'s id.
    /// - Rejected: responds with `429 Too Many Requests` with a
    ///   ``HTTPResponse/gatewayError(_:requestID:headers:)`` body, `Retry-After`,
    ///   `RateLimit-Limit`, `RateLimit-Remaining: 0` and `RateLimit-Reset`, and logs the
    ///   key at `notice`.
    /// - Allowed: calls `next` and adds the three `RateLimit-*` headers to its response,
    ///   unless a later middleware already set them, so the innermost limit reports.
    ///
    /// - Throws: When the key is missing (no peer, or no application because the
    ///   middleware runs before authentication): a misordered chain must fail closed
    ///   with `500`, never let everything through.
    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        // TODO: Part 3 — pick the bucket key, consume a token from limiter, and respond with 429 or
        // pass the request on, adding the RateLimit-* headers as described above.
        throw LabKitError.notImplemented("rate-limit the request and report the limit in headers", part: 3)
    }
}
