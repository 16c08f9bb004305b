import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 3 — Rate limiting")
struct Part3RateLimiting {
    let clock = ManualClock()

    @Test("bucket allows a burst, then rejects")
    func bucketAllowsBurstThenRejects() throws {
        var bucket = TokenBucket(policy: try Fixture.policy(capacity: 5, refillRate: 1), now: clock.now)
        for expectedRemaining in [4, 3, 2, 1, 0] {
            let decision = bucket.consume(at: clock.now)
            #expect(decision.isAllowed, "a full bucket of 5 must allow a burst of 5 requests")
            #expect(
                decision.remaining == expectedRemaining,
                "RateLimitDecision.remaining must be \(expectedRemaining) after this request")
        }
        let rejected = bucket.consume(at: clock.now)
        #expect(!rejected.isAllowed, "the 6th request in the same instant must be rejected")
        #expect(rejected.retryAfter == 1, "at 1 token per second the next token comes in 1 s")
        #expect(rejected.limit == 5)
        #expect(rejected.remaining == 0)
    }

    @Test("bucket refills at its rate up to capacity")
    func bucketRefillsUpToCapacity() throws {
        var bucket = TokenBucket(policy: try Fixture.policy(capacity: 5, refillRate: 1), now: clock.now)
        for _ in 0..<5 {
            _ = bucket.consume(at: clock.now)
        }

        clock.advance(by: 2.5)
        #expect(
            bucket.consume(at: clock.now).isAllowed, "2.5 s at 1 token/s refill 2.5 tokens: the 1st request is allowed")
        #expect(bucket.consume(at: clock.now).isAllowed, "and the 2nd")
        let third = bucket.consume(at: clock.now)
        #expect(!third.isAllowed, "0.5 tokens are left, so the 3rd is rejected")
        #expect(third.retryAfter == 1, "0.5 tokens more take 0.5 s, which rounds up to 1 s")

        clock.advance(by: 1_000)
        let allowed = (0..<10).map { _ in bucket.consume(at: clock.now) }.filter(\.isAllowed).count
        #expect(allowed == 5, "after a long pause the bucket holds its capacity of 5, never more")
    }

    @Test(
        "retry and reset round up",
        arguments: [
            // (capacity, tokens per second, requests, seconds until 1 token, seconds until full)
            (1, 0.5, 2, 2, 2),
            (4, 2.0, 5, 1, 2),
            (10, 0.25, 11, 4, 40),
        ]
    )
    func retryAndResetRoundUp(capacity: Int, refillRate: Double, requests: Int, retryAfter: Int, resetAfter: Int) throws
    {
        var bucket = TokenBucket(policy: try Fixture.policy(capacity: capacity, refillRate: refillRate), now: clock.now)
        var last = bucket.consume(at: clock.now)
        for _ in 1..<requests {
            last = bucket.consume(at: clock.now)
        }
        #expect(!last.isAllowed, "request \(requests) exceeds a capacity of \(capacity)")
        #expect(last.retryAfter == retryAfter, "1 token at \(refillRate)/s takes \(retryAfter) s (Retry-After)")
        #expect(
            last.resetAfter == resetAfter,
            "\(capacity) tokens at \(refillRate)/s take \(resetAfter) s (RateLimit-Reset)")
    }

    @Test("clock set back grants nothing")
    func clockSetBackGrantsNothing() throws {
        var bucket = TokenBucket(policy: try Fixture.policy(capacity: 2, refillRate: 1), now: clock.now)
        #expect(bucket.consume(at: clock.now).isAllowed)
        #expect(bucket.consume(at: clock.now).isAllowed)

        let earlier = clock.now.addingTimeInterval(-3_600)
        #expect(!bucket.consume(at: earlier).isAllowed, "moving the clock back an hour must not add tokens")
        #expect(!bucket.consume(at: clock.now).isAllowed, "nor may returning to the present")
        #expect(bucket.consume(at: clock.now.addingTimeInterval(1)).isAllowed, "1 s later one token is back")
    }

    @Test("limiter keeps keys apart")
    func limiterKeepsKeysApart() throws {
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 2, refillRate: 1), clock: clock)
        #expect(limiter.consume(key: "198.51.100.1").isAllowed)
        #expect(limiter.consume(key: "198.51.100.1").isAllowed)
        #expect(!limiter.consume(key: "198.51.100.1").isAllowed, "the first key's bucket of 2 is empty")
        #expect(limiter.consume(key: "198.51.100.2").isAllowed, "another key has its own full bucket")
        #expect(limiter.trackedKeyCount == 2)
    }

    @Test("idle full buckets are evicted")
    func idleFullBucketsAreEvicted() throws {
        let policy = try Fixture.policy(capacity: 4, refillRate: 1)
        let limiter = RateLimiter(policy: policy, clock: clock)
        for index in 0..<1_000 {
            _ = limiter.consume(key: "client-\(index)")
        }
        #expect(limiter.trackedKeyCount == 1_000, "every key seen must have a bucket while it may still be limited")

        clock.advance(by: policy.secondsToFill)
        _ = limiter.consume(key: "newcomer")
        #expect(
            limiter.trackedKeyCount == 1,
            "after \(policy.secondsToFill) s all 1000 buckets are full again and must be dropped; only the newcomer remains"
        )
    }

    @Test("partly used buckets survive eviction")
    func partlyUsedBucketsSurviveEviction() throws {
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 4, refillRate: 1), clock: clock)
        _ = limiter.consume(key: "idle")
        clock.advance(by: 3)
        for _ in 0..<4 {
            _ = limiter.consume(key: "busy")
        }

        clock.advance(by: 1)
        let decision = limiter.consume(key: "busy")
        #expect(decision.isAllowed, "1 s after emptying, the busy key has 1 token")
        #expect(decision.remaining == 0, "its bucket must be the old one, not a new full one (which would leave 3)")
        #expect(limiter.trackedKeyCount == 1, "the idle key's bucket is full again after 4 s and must be gone")
    }

    @Test("middleware rejects with 429 and headers")
    func middlewareRejectsWith429AndHeaders() async throws {
        let upstream = StubUpstream()
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 2, refillRate: 1), clock: clock)
        let middleware = RateLimitMiddleware(limiter: limiter, keyedBy: .sourceAddress, logger: .disabled)
        var responses: [HTTPResponse] = []
        for _ in 0..<3 {
            responses.append(
                try await middleware.respond(to: Fixture.context(Fixture.request(.get, "/orders")), next: upstream.next)
            )
        }

        #expect(
            responses.map(\.status.code) == [200, 200, 429],
            "a bucket of 2 allows 2 requests, then 429 Too Many Requests")
        #expect(responses[0].headers["RateLimit-Limit"] == "2", "allowed responses report the limit")
        #expect(responses[0].headers["RateLimit-Remaining"] == "1", "and what remains after this request")
        #expect(responses[1].headers["RateLimit-Remaining"] == "0")
        let rejected = responses[2]
        #expect(rejected.headers["Retry-After"] == "1", "RFC 9110 §10.2.3: a 429 says when to retry, in whole seconds")
        #expect(rejected.headers["RateLimit-Limit"] == "2")
        #expect(rejected.headers["RateLimit-Remaining"] == "0")
        #expect(rejected.headers["RateLimit-Reset"] == "2", "2 tokens at 1/s take 2 s to refill")
        #expect(rejected.gatewayErrorBody?.error == "Too Many Requests", "the body must be the generic gateway error")
        #expect(upstream.contexts.count == 2, "the rejected request must not go on")
    }

    @Test("source limit ignores forwarding headers")
    func sourceLimitIgnoresForwardingHeaders() async throws {
        let upstream = StubUpstream()
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 2, refillRate: 1), clock: clock)
        let middleware = RateLimitMiddleware(limiter: limiter, keyedBy: .sourceAddress, logger: .disabled)
        let spoofed: [[(String, String)]] = [
            [("X-Forwarded-For", "203.0.113.1")],
            [("X-Real-IP", "203.0.113.2")],
            [("Forwarded", "for=203.0.113.3")],
        ]
        var statuses: [Int] = []
        for headers in spoofed {
            let request = Fixture.request(.get, "/orders", headers: headers)
            statuses.append(try await middleware.respond(to: Fixture.context(request), next: upstream.next).status.code)
        }
        let otherPeer = Fixture.request(.get, "/orders", peer: SocketAddress(host: "192.0.2.99", port: 40_000))
        let fromOtherPeer = try await middleware.respond(to: Fixture.context(otherPeer), next: upstream.next)

        #expect(
            statuses == [200, 200, 429],
            "headers are chosen by the client: all three requests come from one peer and share its bucket of 2"
        )
        #expect(fromOtherPeer.status == .ok, "a different peer address has its own bucket")
    }

    @Test("application limit keys by application")
    func applicationLimitKeysByApplication() async throws {
        let upstream = StubUpstream()
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 2, refillRate: 1), clock: clock)
        let middleware = RateLimitMiddleware(limiter: limiter, keyedBy: .application, logger: .disabled)
        func send(as application: ClientApplication, from host: String) async throws -> Int {
            let request = Fixture.request(.get, "/orders", peer: SocketAddress(host: host, port: 40_000))
            return try await middleware.respond(
                to: Fixture.context(request, application: application), next: upstream.next
            ).status.code
        }

        let mobile = [
            try await send(as: Fixture.mobile, from: "192.0.2.1"),
            try await send(as: Fixture.mobile, from: "192.0.2.2"),
            try await send(as: Fixture.mobile, from: "192.0.2.3"),
        ]
        #expect(mobile == [200, 200, 429], "the mobile app's bucket of 2 is shared by all its source addresses")
        #expect(try await send(as: Fixture.partner, from: "192.0.2.1") == 200, "the partner has its own bucket")
    }

    @Test("application limit fails closed")
    func applicationLimitFailsClosed() async throws {
        let upstream = StubUpstream()
        let limiter = RateLimiter(policy: try Fixture.policy(capacity: 2, refillRate: 1), clock: clock)
        let middleware = RateLimitMiddleware(limiter: limiter, keyedBy: .application, logger: .disabled)

        await #expect {
            _ = try await middleware.respond(to: Fixture.context(Fixture.request(.get, "/orders")), next: upstream.next)
        } throws: { error in
            !LabKitError.isNotImplemented(error)
        }
        #expect(upstream.contexts.isEmpty, "without an application to key on, the request must not go on unlimited")
    }
}
