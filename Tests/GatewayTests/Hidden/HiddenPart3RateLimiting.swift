import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 3 — Rate limiting (hidden)")
struct HiddenPart3RateLimiting {
    let clock = ManualClock()

    @Test("token returns at refill boundary")
    func tokenReturnsAtRefillBoundary() throws {
        // At 4 tokens per second a token returns every 0.25 s, and every time below is exact in binary floating point.
        var bucket = TokenBucket(policy: try Fixture.policy(capacity: 2, refillRate: 4), now: clock.now)
        #expect(bucket.consume(at: clock.now).isAllowed, "a full bucket of 2 allows the 1st request")
        #expect(bucket.consume(at: clock.now).isAllowed, "and the 2nd")

        clock.advance(by: 0.125)
        let early = bucket.consume(at: clock.now)
        #expect(!early.isAllowed, "after 0.125 s only half a token has returned")
        #expect(early.retryAfter == 1, "the missing 0.125 s round up to a Retry-After of 1 s")

        clock.advance(by: 0.125)
        #expect(bucket.consume(at: clock.now).isAllowed, "at exactly 0.25 s one whole token is back")
        #expect(!bucket.consume(at: clock.now).isAllowed, "and only one")
        #expect(!bucket.isFull(at: clock.now.addingTimeInterval(0.499)), "0.499 s later the bucket is not yet full")
        #expect(bucket.isFull(at: clock.now.addingTimeInterval(0.5)), "0.5 s later both tokens are back")
    }

    @Test("sweep waits one whole fill interval")
    func sweepWaitsOneFillInterval() throws {
        let policy = try Fixture.policy(capacity: 4, refillRate: 1)
        let limiter = RateLimiter(policy: policy, clock: clock)
        for index in 0..<10 {
            _ = limiter.consume(key: "early-\(index)")
        }

        clock.advance(by: 3.75)
        _ = limiter.consume(key: "newcomer")
        #expect(
            limiter.trackedKeyCount == 11,
            "3.75 s is less than the fill interval of \(policy.secondsToFill) s, so no sweep may run yet")

        clock.advance(by: 0.25)
        _ = limiter.consume(key: "late")
        #expect(
            limiter.trackedKeyCount == 2,
            "at exactly \(policy.secondsToFill) s the sweep drops the 10 full buckets and keeps the newcomer's partly used one"
        )
    }
}
