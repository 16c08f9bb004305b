#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: the call's name and the `errno` it set.
///
/// Internal code throws this from the thin wrappers in `IO/`, and the HTTP layer turns
/// it into a ``LabKitError`` whose message names the address involved.
struct SystemError: Error, Sendable, CustomStringConvertible {
    /// The system call that failed, such as `connect`.
    var call: String
    /// The `errno` value, kept with its C name in ``description``.
    var errno: Int32

    /// Creates an error from the current thread's `errno`; call it right after the call fails.
    init(call: String) {
        self.call = call
        self.errno = currentErrno()
    }

    init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `connect: Connection refused (errno 111)`.
    var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// Whether the call only needs to wait until the descriptor is ready again.
    var isWouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }

    /// Whether the peer reset or closed the connection under the call.
    var isConnectionReset: Bool {
        errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED || errno == ENOTCONN
    }

    /// Whether a connect failed because nothing listens there or the network has no route.
    var isConnectionRefused: Bool {
        errno == ECONNREFUSED || errno == ENETUNREACH || errno == EHOSTUNREACH || errno == ETIMEDOUT
    }

    /// Whether the process or system ran out of file descriptors.
    var isDescriptorLimit: Bool { errno == EMFILE || errno == ENFILE }
}

/// Returns the calling thread's `errno`.
func currentErrno() -> Int32 {
    errno
}

/// Runs a system call again while it fails with `EINTR`, and returns its final result.
///
/// A signal that arrives during a call interrupts it without it having done anything,
/// so the call is simply repeated (POSIX `EINTR` semantics).
func retryingOnInterrupt<Result: BinaryInteger>(_ call: () -> Result) -> Result {
    while true {
        let result = call()
        if result == -1 && errno == EINTR {
            continue
        }
        return result
    }
}
