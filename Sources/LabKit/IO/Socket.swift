import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A non-blocking TCP socket that owns its file descriptor and closes it exactly once.
///
/// Every call returns at once: a call that would block reports so, and the caller
/// waits for readiness on the ``Reactor``. Sends never raise `SIGPIPE`: Linux sends
/// pass `MSG_NOSIGNAL`, and Darwin sockets are created with `SO_NOSIGPIPE`.
///
/// Related system calls: `socket(2)`, `bind(2)`, `listen(2)`, `accept(2)`, `connect(2)`,
/// `recv(2)`, `send(2)`, `shutdown(2)`, `close(2)`, `fcntl(2)`, `setsockopt(2)`.
final class Socket: Sendable, CustomStringConvertible {
    /// The file descriptor; valid until ``close()``.
    let descriptor: Int32
    private let closed = Atomic<Bool>(false)

    /// Takes ownership of an open descriptor and makes it non-blocking and close-on-exec.
    init(adopting descriptor: Int32) throws {
        self.descriptor = descriptor
        try configureDescriptor()
    }

    deinit {
        close()
    }

    var description: String { "socket \(descriptor)" }

    // MARK: - Creating

    /// Creates an unconnected TCP socket for the address family of `address`.
    static func makeStream(for address: SocketAddress) throws -> Socket {
        let descriptor = socket(address.family, streamSocketType, 0)
        guard descriptor >= 0 else { throw SystemError(call: "socket") }
        return try Socket(adopting: descriptor)
    }

    /// Creates a socket bound to `address` and listening with the given backlog.
    ///
    /// `SO_REUSEADDR` lets a restarted server bind a port that still has connections
    /// in `TIME_WAIT`.
    static func listening(on address: SocketAddress, backlog: Int32) throws -> Socket {
        let socket = try makeStream(for: address)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        let bound = try address.withSockAddr { bind(socket.descriptor, $0, $1) }
        guard bound == 0 else { throw SystemError(call: "bind") }
        guard listen(socket.descriptor, backlog) == 0 else { throw SystemError(call: "listen") }
        return socket
    }

    private func configureDescriptor() throws {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw SystemError(call: "fcntl(O_NONBLOCK)")
        }
        guard fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0 else {
            throw SystemError(call: "fcntl(FD_CLOEXEC)")
        }
        #if canImport(Darwin)
            try setOption(SOL_SOCKET, SO_NOSIGPIPE, 1)
        #endif
    }

    /// Turns off Nagle's algorithm, so that a small request or response leaves at once.
    func disableNagle() throws {
        try setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    private func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        let size = socklen_t(MemoryLayout<Int32>.size)
        guard setsockopt(descriptor, level, name, &value, size) == 0 else {
            throw SystemError(call: "setsockopt")
        }
    }

    // MARK: - Connecting

    /// Accepts one pending connection, or returns `nil` when none is waiting.
    func accept() throws -> (socket: Socket, peer: SocketAddress?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let accepted = retryingOnInterrupt {
            storage.withRebound(to: sockaddr.self) { systemAccept(descriptor, &$0, &length) }
        }
        guard accepted >= 0 else {
            let error = SystemError(call: "accept")
            if error.isWouldBlock { return nil }
            throw error
        }
        let socket = try Socket(adopting: accepted)
        return (socket, SocketAddress(storage))
    }

    /// Starts connecting; returns `true` when connected at once and `false` when the
    /// connection is in progress and completes once the socket is writable.
    func startConnect(to address: SocketAddress) throws -> Bool {
        let result = try address.withSockAddr { pointer, length in
            retryingOnInterrupt { connect(descriptor, pointer, length) }
        }
        if result == 0 { return true }
        let error = SystemError(call: "connect")
        guard error.errno == EINPROGRESS else { throw error }
        return false
    }

    /// Returns the error of a connect that completed in the background, or `nil` on success.
    func pendingError() -> SystemError? {
        var value: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &size) == 0 else {
            return SystemError(call: "getsockopt(SO_ERROR)")
        }
        return value == 0 ? nil : SystemError(call: "connect", errno: value)
    }

    /// Returns the address this socket is bound to, with the port the kernel chose for port 0.
    func localAddress() throws -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = storage.withRebound(to: sockaddr.self) { getsockname(descriptor, &$0, &length) }
        guard result == 0 else { throw SystemError(call: "getsockname") }
        guard let address = SocketAddress(storage) else {
            throw SystemError(call: "getsockname", errno: EAFNOSUPPORT)
        }
        return address
    }

    // MARK: - Transferring

    /// The outcome of one non-blocking receive.
    enum ReceiveResult: Equatable {
        case received(Int)
        case endOfFile
        case wouldBlock
    }

    /// Receives up to `buffer.count` bytes without waiting.
    func receive(into buffer: UnsafeMutableRawBufferPointer, peek: Bool = false) throws -> ReceiveResult {
        // NOTE: this narrows, but does not close, the window in which another task's close
        // lets the descriptor number be reused before this call.
        guard !isClosed else { throw SystemError(call: "recv", errno: EBADF) }
        let flags = peek ? Int32(MSG_PEEK) : 0
        let count = retryingOnInterrupt { recv(descriptor, buffer.baseAddress, buffer.count, flags) }
        if count > 0 { return .received(count) }
        if count == 0 { return buffer.isEmpty ? .received(0) : .endOfFile }
        let error = SystemError(call: "recv")
        if error.isWouldBlock { return .wouldBlock }
        throw error
    }

    /// Sends as many bytes as fit in the socket buffer.
    ///
    /// Returns how many bytes were sent, or `nil` when the buffer is full and nothing was sent.
    func send(_ bytes: UnsafeRawBufferPointer) throws -> Int? {
        guard !isClosed else { throw SystemError(call: "send", errno: EBADF) }
        let count = retryingOnInterrupt {
            systemSend(descriptor, bytes.baseAddress, bytes.count)
        }
        if count >= 0 { return count }
        let error = SystemError(call: "send")
        if error.isWouldBlock { return nil }
        throw error
    }

    /// Returns whether an idle connection still looks open, with no end of file and no unread bytes.
    ///
    /// A keep-alive connection that the server has closed reads as end of file, so a
    /// client checks this before reusing one.
    func isOpenAndQuiet() -> Bool {
        var byte: UInt8 = 0
        let result = try? withUnsafeMutableBytes(of: &byte) { try receive(into: $0, peek: true) }
        return result == .wouldBlock
    }

    /// Sends a FIN: the peer reads end of file, while this side can still receive.
    func shutdownWrite() {
        _ = systemShutdown(descriptor, writeOnly: true)
    }

    /// Shuts down both directions, which wakes every `poll` waiting on the socket, even one
    /// already in progress, so that a task blocked in a read sees end of file before ``close()``.
    ///
    /// Closing the descriptor alone wakes no `poll(2)` already waiting on it.
    func shutdownBoth() {
        _ = systemShutdown(descriptor, writeOnly: false)
    }

    /// Whether ``close()`` was called, after which every call fails with `EBADF`.
    var isClosed: Bool {
        closed.load(ordering: .acquiring)
    }

    /// Closes the descriptor; later calls do nothing.
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = systemClose(descriptor)
    }
}

// MARK: - Platform differences

#if canImport(Glibc)
    private let streamSocketType = Int32(SOCK_STREAM.rawValue)
    /// Linux reports a send on a closed connection as `EPIPE` instead of raising `SIGPIPE`.
    private let sendFlags = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    private let streamSocketType = SOCK_STREAM
    /// Darwin has no `MSG_NOSIGNAL`; its sockets carry `SO_NOSIGPIPE` instead.
    private let sendFlags: Int32 = 0
#endif

// The C functions below share names with `Socket`'s methods, so they are reached
// through module-qualified wrappers.

private func systemAccept(
    _ descriptor: Int32,
    _ address: UnsafeMutablePointer<sockaddr>,
    _ length: UnsafeMutablePointer<socklen_t>
) -> Int32 {
    #if canImport(Glibc)
        Glibc.accept(descriptor, address, length)
    #elseif canImport(Darwin)
        Darwin.accept(descriptor, address, length)
    #endif
}

private func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.send(descriptor, bytes, count, sendFlags)
    #elseif canImport(Darwin)
        Darwin.send(descriptor, bytes, count, sendFlags)
    #endif
}

private func systemShutdown(_ descriptor: Int32, writeOnly: Bool) -> Int32 {
    #if canImport(Glibc)
        Glibc.shutdown(descriptor, Int32(writeOnly ? SHUT_WR : SHUT_RDWR))
    #elseif canImport(Darwin)
        Darwin.shutdown(descriptor, writeOnly ? SHUT_WR : SHUT_RDWR)
    #endif
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #elseif canImport(Darwin)
        Darwin.close(descriptor)
    #endif
}
