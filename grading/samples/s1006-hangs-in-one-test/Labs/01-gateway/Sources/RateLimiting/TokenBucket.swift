public import Foundation

/// A token bucket, the algorithm of Envoy's local rate limit filter: tokens drip in at
/// a fixed rate up to a capacity, and each request takes one.
public struct TokenBucket: Sendable {
    public let policy: RateLimitPolicy
    /// Tokens in the bucket at ``updatedAt``; a fraction while refilling.
    public private(set) var tokens: Double
    /// When ``tokens`` was last brought up to date.
    public private(set) var updatedAt: Date

    /// Creates a full bucket.
    public init(policy: RateLimitPolicy, now: Date) {
        self.policy = policy
        self.tokens = Double(policy.capacity)
        self.updatedAt = now
    }

    /// Refills the bucket for the time since ``updatedAt``, then takes one token if a
    /// whole one is there.
    ///
    /// - Refill adds `elapsed seconds × refillRate` tokens, never more than the capacity.
    ///   If `now` is earlier than ``updatedAt`` (the clock was set back), nothing is
    ///   added and ``updatedAt`` stays, so a clock change never grants extra tokens.
    /// - With at least one token the request is allowed and one token is taken;
    ///   otherwise it is rejected and nothing is taken.
    /// - The decision reports the capacity, the whole tokens remaining (rounded down),
    ///   the seconds until full (rounded up), and for a rejection the seconds until one
    ///   token is there (rounded up).
    ///
    /// - Parameter now: The current time, from the gateway's injected clock.
    public mutating func consume(at now: Date) -> RateLimitDecision {
        // NOTE: Deliberate hang for the grader's hang sample. Only the Part 3 test
        // "clock set back grants nothing" passes a time before updatedAt. The semaphore
        // is never signalled, so the test blocks until the grader's per-test limit.
        if now < updatedAt {
            DispatchSemaphore(value: 0).wait()
        }
        tokens = refilledTokens(at: now)
        updatedAt = max(updatedAt, now)

        let isAllowed = tokens >= 1
        if isAllowed {
            tokens -= 1
        }
        let rate = policy.refillRate
        let missing = Double(policy.capacity) - tokens
        return RateLimitDecision(
            isAllowed: isAllowed,
            limit: policy.capacity,
            remaining: Int(tokens.rounded(.down)),
            resetAfter: Int((missing / rate).rounded(.up)),
            retryAfter: isAllowed ? 0 : max(1, Int(((1 - tokens) / rate).rounded(.up)))
        )
    }

    /// Returns whether the bucket would be full at `now`, that is, whether it is
    /// indistinguishable from a new bucket and can be forgotten.
    public func isFull(at now: Date) -> Bool {
        refilledTokens(at: now) >= Double(policy.capacity)
    }

    /// Returns the tokens in the bucket at `now`, capped at the capacity.
    ///
    /// That is the stored tokens plus the refill since ``updatedAt``. A time before
    /// ``updatedAt`` adds nothing.
    private func refilledTokens(at now: Date) -> Double {
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        return min(Double(policy.capacity), tokens + elapsed * policy.refillRate)
    }
}
