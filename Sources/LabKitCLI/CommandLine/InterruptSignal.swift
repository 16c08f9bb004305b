import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Waits for Ctrl-C (SIGINT) or SIGTERM, so that a long-running command can stop its
/// servers cleanly instead of dying in the middle of a request.
///
/// Related system calls: `signal(3)`, `sigaction(2)`.
enum InterruptSignal {
    /// Returns when the process receives SIGINT or SIGTERM; returns the signal's name.
    static func wait() async -> String {
        await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "labkit.signals")
            let once = OnceFlag()
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                // The default action would end the process before the source sees the signal.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    guard once.claim() else { return }
                    continuation.resume(returning: name)
                }
                source.resume()
                // A released source stops watching, so the sources live as long as the process.
                retained.append(source)
            }
        }
    }

    // Written only by `wait()`, which a command calls once from its single task.
    nonisolated(unsafe) private static var retained: [any DispatchSourceSignal] = []
}

/// A flag that lets exactly one caller through.
private final class OnceFlag: @unchecked Sendable {
    // Only touched on the serial signal queue, so no lock is needed.
    private var claimed = false

    func claim() -> Bool {
        guard !claimed else { return false }
        claimed = true
        return true
    }
}
