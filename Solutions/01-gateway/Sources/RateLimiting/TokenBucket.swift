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
        refill(at: now)

        // Date arithmetic is in floating point: allow for a rounding error of a nanotoken.
        let isAllowed = tokens >= 1 - Self.tolerance
        var retryAfter = 0
        if isAllowed {
            tokens = max(0, tokens - 1)
        } else {
            retryAfter = Self.wholeSecondsRoundedUp((1 - tokens) / policy.refillRate)
        }
        return RateLimitDecision(
            isAllowed: isAllowed,
            limit: policy.capacity,
            remaining: Int((tokens + Self.tolerance).rounded(.down)),
            resetAfter: Self.wholeSecondsRoundedUp((Double(policy.capacity) - tokens) / policy.refillRate),
            retryAfter: retryAfter
        )
    }

    /// Returns whether the bucket would be full at `now`, that is, whether it is
    /// indistinguishable from a new bucket and can be forgotten.
    public func isFull(at now: Date) -> Bool {
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        return tokens + elapsed * policy.refillRate >= Double(policy.capacity) - Self.tolerance
    }

    private mutating func refill(at now: Date) {
        let elapsed = now.timeIntervalSince(updatedAt)
        guard elapsed > 0 else { return }
        tokens = min(Double(policy.capacity), tokens + elapsed * policy.refillRate)
        updatedAt = now
    }

    private static let tolerance = 1e-9

    /// Rounds up to whole seconds, treating a rounding error below a microsecond as none.
    private static func wholeSecondsRoundedUp(_ seconds: Double) -> Int {
        Int((seconds - 1e-6).rounded(.up).clamped(to: 0...Double(Int32.max)))
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
