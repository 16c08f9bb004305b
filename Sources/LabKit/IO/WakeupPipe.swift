#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A self-pipe that interrupts the reactor's `poll` when another thread changes what it waits for.
///
/// Any thread writes one byte with ``wake()``; the reactor polls the read end and
/// empties it with ``drain()``. Both ends are non-blocking, so a full pipe (a wake-up
/// already pending) never blocks a writer.
///
/// Related system calls: `pipe(2)`, `read(2)`, `write(2)`, `fcntl(2)`.
final class WakeupPipe: Sendable {
    /// The end that `poll` watches for readability.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemError(call: "pipe") }
        readDescriptor = ends[0]
        writeDescriptor = ends[1]
        for descriptor in ends {
            let flags = fcntl(descriptor, F_GETFL)
            guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0,
                fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0
            else {
                let error = SystemError(call: "fcntl")
                closeBothEnds()
                throw error
            }
        }
    }

    deinit {
        closeBothEnds()
    }

    /// Makes the read end readable, so that a `poll` in progress returns.
    func wake() {
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full, so a wake-up is already pending.
        _ = retryingOnInterrupt { write(writeDescriptor, &byte, 1) }
    }

    /// Reads every pending wake-up byte.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while retryingOnInterrupt({ read(readDescriptor, &scratch, scratch.count) }) > 0 {}
    }

    private func closeBothEnds() {
        _ = close(readDescriptor)
        _ = close(writeDescriptor)
    }
}
