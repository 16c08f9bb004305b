import Foundation

/// Runs blocking work, such as a build or a child process, on a thread of its own.
///
/// Swift Testing runs tests in parallel on Swift concurrency's shared threads, of which a
/// 2-core machine has two. A test that blocks one of them for seconds (waiting for
/// `swift build`, say) starves every other test that is waiting on a socket, and those
/// then time out. Awaiting the work here keeps the shared threads free.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
