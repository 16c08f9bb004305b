import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `poll(2)` loop on one dedicated thread that resumes tasks waiting for a socket to
/// become readable or writable, or for their deadline to pass.
///
/// Sockets are non-blocking, so a task first tries its call and, when the call would
/// block, suspends in ``wait(for:_:until:)``. The task's cooperative thread is free
/// meanwhile. This matters because Swift's pool may have as few threads as cores, so a
/// blocking read in a handler that calls another server in the same process could hold
/// the very thread that server needs to respond.
///
/// Each registration wakes the loop through a ``WakeupPipe`` so that the next `poll`
/// includes it. Waiters live in a dictionary guarded by a `Mutex`, and whoever removes a
/// waiter (the loop when ready or due, or the cancellation handler) is the only one who
/// resumes its continuation, so no continuation is resumed twice.
///
/// Related system calls: `poll(2)`.
final class Reactor: Sendable {
    /// The readiness a waiter waits for.
    enum Interest: Sendable {
        case readable
        case writable
    }

    /// The reason a wait ended.
    enum Readiness: Sendable {
        /// The descriptor is ready, or has an error or hang-up that the next call reports.
        case ready
        /// The deadline passed first.
        case timedOut
    }

    private struct Waiter {
        var descriptor: Int32
        var interest: Interest
        var deadline: ContinuousClock.Instant?
        var continuation: CheckedContinuation<Readiness, any Error>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let wakeup: WakeupPipe

    private init() throws {
        wakeup = try WakeupPipe()
        let thread = Thread { [self] in runLoop() }
        thread.name = "LabKit reactor"
        thread.start()
    }

    private static let sharedInstance = Mutex<Reactor?>(nil)

    /// Returns the process's reactor, starting its thread on first use.
    ///
    /// - Throws: `SystemError` when the wake-up pipe cannot be created (for example when
    ///   the process is out of file descriptors); a later call tries again.
    static func shared() throws -> Reactor {
        try sharedInstance.withLock { reactor throws -> Reactor in
            if let reactor { return reactor }
            let created = try Reactor()
            reactor = created
            return created
        }
    }

    // MARK: - Waiting

    /// Suspends until `descriptor` is ready for `interest` or `deadline` passes.
    ///
    /// The caller must keep the descriptor open until this returns.
    /// - Parameters:
    ///   - descriptor: A non-blocking descriptor whose last call reported `EAGAIN`.
    ///   - interest: Whether to wait for reading or writing.
    ///   - deadline: When to give up, or `nil` to wait without limit.
    /// - Returns: ``Readiness/ready`` or ``Readiness/timedOut``.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func wait(
        for descriptor: Int32,
        _ interest: Interest,
        until deadline: ContinuousClock.Instant?
    ) async throws -> Readiness {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let waiter = Waiter(
                    descriptor: descriptor,
                    interest: interest,
                    deadline: deadline,
                    continuation: continuation
                )
                register(waiter, id: id)
            }
        } onCancel: {
            cancelWaiter(id: id)
        }
    }

    /// Returns whether a task is waiting on `descriptor`, so that a test can act once a read is blocked.
    func isWaiting(on descriptor: Int32) -> Bool {
        state.withLock { state in state.waiters.values.contains { $0.descriptor == descriptor } }
    }

    private func register(_ waiter: Waiter, id: UInt64) {
        // The cancellation flag is set before the cancellation handler runs, so checking
        // it under the lock closes the window where the handler ran before this insert.
        let isCancelled = state.withLock { state in
            guard !Task.isCancelled else { return true }
            state.waiters[id] = waiter
            return false
        }
        if isCancelled {
            waiter.continuation.resume(throwing: CancellationError())
        } else {
            wakeup.wake()
        }
    }

    private func cancelWaiter(id: UInt64) {
        let removed = state.withLock { $0.waiters.removeValue(forKey: id) }
        guard let removed else { return }
        removed.continuation.resume(throwing: CancellationError())
        // A poll in progress holds a reference to the descriptor's file, so wake it to
        // let the owner's close take effect promptly.
        wakeup.wake()
    }

    // MARK: - Loop

    private func runLoop() {
        var descriptors: [pollfd] = []
        var ids: [UInt64] = []
        while true {
            let timeout = preparePoll(&descriptors, &ids)
            let result = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if result < 0 && currentErrno() != EINTR {
                // NOTE: poll fails only with EFAULT, EINVAL or ENOMEM, and no immediate retry
                // fixes those. A short pause keeps the loop from spinning meanwhile.
                usleep(10_000)
            }
            if descriptors[0].revents != 0 {
                wakeup.drain()
            }
            resumeDue(descriptors, ids)
        }
    }

    /// Fills the poll list (the wake-up pipe first) and returns the timeout in milliseconds.
    ///
    /// NOTE: the list is rebuilt from every waiter on each pass, which costs O(waiters) per
    /// wake-up. That suits the default 1024 connections; far more would call for kqueue or epoll.
    private func preparePoll(_ descriptors: inout [pollfd], _ ids: inout [UInt64]) -> Int32 {
        descriptors.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        descriptors.append(pollfd(fd: wakeup.readDescriptor, events: Int16(POLLIN), revents: 0))
        ids.append(0)
        let nearest = state.withLock { state -> ContinuousClock.Instant? in
            var nearest: ContinuousClock.Instant?
            for (id, waiter) in state.waiters {
                let events = waiter.interest == .readable ? POLLIN : POLLOUT
                descriptors.append(pollfd(fd: waiter.descriptor, events: Int16(events), revents: 0))
                ids.append(id)
                if let deadline = waiter.deadline, nearest.map({ deadline < $0 }) ?? true {
                    nearest = deadline
                }
            }
            return nearest
        }
        return Self.milliseconds(until: nearest)
    }

    /// Returns a poll timeout in milliseconds that ends at or just after `deadline`.
    ///
    /// The value is rounded up, so that the loop does not wake a moment early and spin.
    /// `-1` (for a `nil` deadline) waits without limit.
    static func milliseconds(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    /// Removes every waiter whose descriptor is ready or whose deadline passed, then
    /// resumes them outside the lock.
    private func resumeDue(_ descriptors: [pollfd], _ ids: [UInt64]) {
        let now = ContinuousClock.now
        var due: [(CheckedContinuation<Readiness, any Error>, Readiness)] = []
        state.withLock { state in
            for index in descriptors.indices.dropFirst() where descriptors[index].revents != 0 {
                if let waiter = state.waiters.removeValue(forKey: ids[index]) {
                    due.append((waiter.continuation, .ready))
                }
            }
            let expired = state.waiters.filter { $0.value.deadline.map { $0 <= now } ?? false }
            for (id, waiter) in expired {
                state.waiters[id] = nil
                due.append((waiter.continuation, .timedOut))
            }
        }
        for (continuation, readiness) in due {
            continuation.resume(returning: readiness)
        }
    }
}
