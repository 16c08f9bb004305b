import Foundation
public import LabKit
import Synchronization

/// A token bucket per key (a source address or an application id), safe to use from
/// many requests at once.
public final class RateLimiter: Sendable {
    public let policy: RateLimitPolicy
    private let clock: any WallClock
    private let state: Mutex<State>

    /// The buckets in memory, each with the time it will be full again.
    ///
    /// Storing that time lets a sweep drop buckets by comparing dates, without
    /// recomputing any refill.
    private struct State {
        var slots: [String: Slot] = [:]
        /// The earliest time the next sweep may run: one fill interval after the last.
        var nextSweep: Date
    }

    private struct Slot {
        var bucket: TokenBucket
        /// When the bucket reaches its capacity if no request takes a token before then.
        var fullAt: Date
    }

    /// Creates a limiter with no buckets yet.
    /// - Parameters:
    ///   - policy: The capacity and refill rate of every key's bucket.
    ///   - clock: The source of the current time; tests pass a `ManualClock`.
    public init(policy: RateLimitPolicy, clock: any WallClock) {
        self.policy = policy
        self.clock = clock
        self.state = Mutex(State(nextSweep: clock.now.addingTimeInterval(policy.secondsToFill)))
    }

    /// How many keys have a bucket in memory right now.
    public var trackedKeyCount: Int {
        state.withLock { $0.slots.count }
    }

    /// Takes one token from the key's bucket, creating a full bucket for a new key.
    ///
    /// Memory stays bounded without changing any decision: a bucket that has refilled
    /// completely behaves exactly like a new one, so it can be dropped. When at least
    /// ``RateLimitPolicy/secondsToFill`` have passed since the last sweep, this call
    /// first removes every bucket that is full at the current time (see
    /// ``TokenBucket/isFull(at:)``). Memory then holds only the keys seen within about
    /// two fill intervals, however many clients came and went before.
    ///
    /// - Parameter key: Whose bucket to use.
    /// - Returns: The bucket's decision, at the clock's current time.
    public func consume(key: String) -> RateLimitDecision {
        let now = clock.now
        let policy = policy
        return state.withLock { state in
            if now >= state.nextSweep {
                state.slots = state.slots.filter { $0.value.fullAt > now }
                state.nextSweep = now.addingTimeInterval(policy.secondsToFill)
            }

            var bucket = state.slots[key]?.bucket ?? TokenBucket(policy: policy, now: now)
            let decision = bucket.consume(at: now)
            let secondsToFull = (Double(policy.capacity) - bucket.tokens) / policy.refillRate
            state.slots[key] = Slot(bucket: bucket, fullAt: bucket.updatedAt.addingTimeInterval(secondsToFull))
            return decision
        }
    }
}
