public import Foundation

/// Runs blocking work on a thread of its own and returns its result.
///
/// Swift concurrency runs every task on a small pool of shared threads, one per core, so a
/// 2-core machine has two. Work that blocks one of them for long (waiting for a child
/// process, parsing megabytes, generating RSA keys) stalls every other task, and those
/// waiting on a socket or a deadline then time out. Awaiting such work here keeps the
/// shared threads free: the caller suspends, and a new thread does the blocking.
///
/// Tests use it most: Swift Testing runs them in parallel on the shared threads.
///
/// ```swift
/// let output = try await onOwnThread { try runOpenSSL(["version"]) }
/// ```
///
/// - Parameter work: The blocking work. It must not need the caller's actor.
/// - Returns: What `work` returns.
/// - Throws: What `work` throws.
public func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
