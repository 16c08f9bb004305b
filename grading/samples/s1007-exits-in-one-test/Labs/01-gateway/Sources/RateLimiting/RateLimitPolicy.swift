import LabKit

/// How many requests a client may make: a bucket of ``capacity`` tokens that refills at
/// ``refillRate`` tokens per second, one token per request.
///
/// A full bucket allows a burst of ``capacity`` requests at once; after that the client
/// gets ``refillRate`` requests per second on average.
public struct RateLimitPolicy: Sendable, Hashable {
    /// The maximum number of tokens in the bucket, which is the largest burst.
    public let capacity: Int
    /// Tokens added per second.
    public let refillRate: Double

    /// Creates a policy.
    /// - Throws: `LabKitError` with code `.invalidArgument` unless `capacity` ≥ 1 and
    ///   `refillRate` is positive and finite.
    public init(capacity: Int, refillRate: Double) throws {
        guard capacity >= 1 else {
            throw LabKitError(.invalidArgument, "rate-limit capacity \(capacity) is invalid; it must be at least 1")
        }
        guard refillRate > 0, refillRate.isFinite else {
            throw LabKitError(
                .invalidArgument,
                "rate-limit refill rate \(refillRate) is invalid; it must be a positive number of tokens per second")
        }
        self.capacity = capacity
        self.refillRate = refillRate
    }

    /// Seconds an empty bucket takes to fill up: `capacity ÷ refillRate`.
    public var secondsToFill: Double { Double(capacity) / refillRate }
}

/// The outcome of one request against a token bucket, with what the rate-limit headers
/// report.
public struct RateLimitDecision: Sendable, Hashable {
    /// Whether the request may proceed; a token was taken if so.
    public var isAllowed: Bool
    /// The policy's capacity, for `RateLimit-Limit`.
    public var limit: Int
    /// Whole tokens left after this request, for `RateLimit-Remaining`.
    public var remaining: Int
    /// Whole seconds, rounded up, until the bucket is full again, for `RateLimit-Reset`.
    public var resetAfter: Int
    /// For a rejected request, whole seconds (rounded up, at least 1) until one token is
    /// available, for `Retry-After`; 0 when allowed.
    public var retryAfter: Int

    public init(isAllowed: Bool, limit: Int, remaining: Int, resetAfter: Int, retryAfter: Int) {
        self.isAllowed = isAllowed
        self.limit = limit
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.retryAfter = retryAfter
    }
}
