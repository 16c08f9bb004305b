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
        let bucketKey = try bucketKey(of: context)
        let decision = limiter.consume(key: bucketKey)
        guard decision.isAllowed else {
            logger.notice(
                "rate limit exceeded",
                metadata: [
                    "request_id": context.requestID, "key": bucketKey, "retry_after": String(decision.retryAfter),
                ]
            )
            var headers = Self.rateLimitHeaders(decision)
            headers.add(name: "Retry-After", value: String(decision.retryAfter))
            return .gatewayError(.tooManyRequests, requestID: context.requestID, headers: headers)
        }

        var response = try await next(context)
        // A limit further in the chain has already reported, and the innermost one wins.
        if !response.headers.contains("RateLimit-Limit") {
            for field in Self.rateLimitHeaders(decision) {
                response.headers.replaceOrAdd(name: field.name, value: field.value)
            }
        }
        return response
    }

    /// Returns the key of this request's bucket, or throws when the chain has not set it.
    private func bucketKey(of context: RequestContext) throws -> String {
        switch key {
        case .sourceAddress:
            guard let peer = context.request.peer else {
                throw GatewayMisconfiguration("RateLimitMiddleware keyed by source address needs the request's peer")
            }
            return peer.host
        case .application:
            guard let application = context.application else {
                throw GatewayMisconfiguration(
                    "RateLimitMiddleware keyed by application needs an application; place it after AuthenticationMiddleware"
                )
            }
            return application.id
        }
    }

    /// Returns the three `RateLimit-*` fields that report a decision.
    private static func rateLimitHeaders(_ decision: RateLimitDecision) -> HTTPHeaders {
        [
            "RateLimit-Limit": String(decision.limit),
            "RateLimit-Remaining": String(decision.remaining),
            "RateLimit-Reset": String(decision.resetAfter),
        ]
    }
}
