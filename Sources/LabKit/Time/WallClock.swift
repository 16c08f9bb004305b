public import Foundation
import Synchronization

/// A source of the current wall-clock time.
///
/// Everything in the kit that expires, refills, schedules or checks a validity period
/// takes a `WallClock` rather than calling `Date()`, so that tests can drive time with a
/// ``ManualClock`` instead of sleeping.
public protocol WallClock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The operating system's clock.
public struct SystemClock: WallClock {
    public init() {}

    public var now: Date { Date() }
}

/// A clock that moves only when told to, for tests.
///
/// ```swift
/// let clock = ManualClock(now: Date(timeIntervalSince1970: 1_700_000_000))
/// let expiry = clock.now.addingTimeInterval(60)
/// clock.advance(by: 61)  // seconds
/// #expect(clock.now > expiry)
/// ```
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    /// Creates a clock that reads `now` until advanced.
    /// - Parameter now: The starting time; defaults to 2026-01-01T00:00:00Z so that tests
    ///   are independent of the day they run.
    public init(now: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(now)
    }

    public var now: Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward.
    /// - Parameter seconds: How far to move, in seconds; must not be negative.
    public func advance(by seconds: TimeInterval) {
        precondition(seconds >= 0, "a ManualClock moves forward only; use set(to:) to jump")
        current.withLock { $0 += seconds }
    }

    /// Sets the clock to a time, earlier or later than the current one.
    public func set(to date: Date) {
        current.withLock { $0 = date }
    }
}
