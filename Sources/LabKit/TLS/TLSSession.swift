import COpenSSL
import Synchronization

/// The OpenSSL state of one TLS connection, fed through memory BIOs.
///
/// OpenSSL never touches the socket: it reads records from an input BIO that
/// ``AsyncSocket`` fills from the socket, and writes records to an output BIO whose
/// bytes are moved into ``State/outbox`` and sent by `AsyncSocket`. That way a call that
/// needs more bytes returns `SSL_ERROR_WANT_READ` at once and the task waits on the
/// ``Reactor``, and every send keeps the socket's `SIGPIPE` protection, which OpenSSL's own
/// socket BIO (a plain `write(2)`) would not.
///
/// The class is `@unchecked Sendable` because every call on the `SSL` object happens under
/// `state`'s lock. One task may read while another writes; two concurrent reads or two
/// concurrent writes on one connection are not supported.
final class TLSSession: @unchecked Sendable {
    /// The `SSL_set_ex_data` slot for the connection's ``TLSPeerCheck``.
    ///
    /// Slot 0 is OpenSSL's application data slot, reserved for the application.
    static let checkIndex: Int32 = 0

    struct State {
        /// Bytes that OpenSSL produced and the socket has not taken yet, in order.
        var outbox: [UInt8] = []
        /// Whether the peer closed the TCP connection.
        var receivedEndOfFile = false
        var isHandshakeComplete = false
        var hasSentCloseNotify = false
    }

    /// The result of one call on the `SSL` object.
    enum Outcome {
        case completed(Int)
        /// OpenSSL needs more bytes from the peer.
        case needsInput
        /// The peer sent `close_notify`.
        case closeNotify
        /// The peer closed the TCP connection without `close_notify`.
        case transportClosed
        case failed(TLSError)
    }

    let context: TLSContext
    let check: TLSPeerCheck
    /// The other end, for error messages.
    let peer: String
    private let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer
    private let state = Mutex(State())

    /// Creates the connection state for `context`'s role.
    ///
    /// - Parameter serverName: On a client, the name the server's certificate must match.
    ///   It is also sent as SNI unless it is an IP address (RFC 6066 §3). A server ignores it.
    init(context: TLSContext, serverName: String?, peer: String) throws {
        guard let ssl = SSL_new(context.pointer) else {
            throw TLSError(.handshakeFailed, "SSL_new failed", openSSLMessage: OpenSSLError.lastMessage())
        }
        let input = BIO_new(BIO_s_mem())
        let output = BIO_new(BIO_s_mem())
        guard let input, let output else {
            // BIO_free accepts NULL, so whichever BIO was created is freed.
            BIO_free(input)
            BIO_free(output)
            SSL_free(ssl)
            throw TLSError(.handshakeFailed, "BIO_new failed", openSSLMessage: OpenSSLError.lastMessage())
        }
        // An empty input BIO means "no bytes yet", not end of file, until the socket reports end of file.
        labkit_bio_set_mem_eof_return(input, -1)
        SSL_set_bio(ssl, input, output)
        self.ssl = ssl
        self.input = input
        self.output = output
        self.context = context
        self.peer = peer
        check = TLSPeerCheck(
            role: context.role, verification: context.configuration.verification, serverName: serverName)
        SSL_set_ex_data(ssl, Self.checkIndex, Unmanaged.passUnretained(check).toOpaque())
        switch context.role {
        case .client:
            SSL_set_connect_state(ssl)
            try configureServerName(serverName)
        case .server:
            SSL_set_accept_state(ssl)
        }
    }

    deinit {
        // SSL_free also frees both BIOs, which SSL_set_bio handed over to it.
        SSL_free(ssl)
    }

    /// Sets the SNI and the name that the standard verification checks (RFC 6125 §6).
    private func configureServerName(_ serverName: String?) throws {
        // OpenSSL reads the name as a C string, so it would check only the part before a NUL.
        if let serverName, serverName.utf8.contains(0) {
            throw TLSError(
                .invalidConfiguration,
                "the server name \(serverName.debugDescription) contains a NUL byte; pass the host name alone")
        }
        guard let serverName, !serverName.isEmpty else {
            if case .standard = context.configuration.verification {
                throw TLSError(
                    .invalidConfiguration,
                    "a TLS client with standard verification needs the server name to check the certificate against")
            }
            return
        }
        let param = SSL_get0_param(ssl)
        if isIPAddress(serverName) {
            guard X509_VERIFY_PARAM_set1_ip_asc(param, serverName) == 1 else {
                throw TLSError(
                    .invalidConfiguration, "the server address '\(serverName)' cannot be used for verification")
            }
            return
        }
        // Only DNS SANs name a server; the subject's common name never does (RFC 9525 §6.1),
        // which OpenSSL would otherwise fall back to for a leaf without DNS SANs.
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT))
        guard SSL_set1_host(ssl, serverName) == 1, labkit_ssl_set_tlsext_host_name(ssl, serverName) == 1 else {
            throw TLSError(
                .invalidConfiguration, "the server name '\(serverName)' is not a valid host name",
                openSSLMessage: OpenSSLError.lastMessage())
        }
    }

    // MARK: - Calls

    /// Continues the handshake.
    func handshake() -> Outcome {
        let outcome = run { SSL_do_handshake($0) }
        if case .completed = outcome {
            state.withLock { $0.isHandshakeComplete = true }
        }
        return outcome
    }

    /// Decrypts up to `buffer.count` bytes of application data.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Outcome {
        var count = 0
        return run { ssl in
            SSL_read_ex(ssl, buffer.baseAddress, buffer.count, &count)
        } completed: {
            count
        }
    }

    /// Encrypts all of `bytes` into the outbox; the memory BIO never refuses bytes.
    func write(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var count = 0
        return run { ssl in
            SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &count)
        } completed: {
            count
        }
    }

    /// Queues a `close_notify` alert (RFC 8446 §6.1) unless one was sent already or the
    /// handshake never completed; returns whether it queued one.
    func queueCloseNotify() -> Bool {
        let shouldSend = state.withLock { state in
            guard state.isHandshakeComplete, !state.hasSentCloseNotify else { return false }
            state.hasSentCloseNotify = true
            return true
        }
        guard shouldSend else { return false }
        _ = run { SSL_shutdown($0) >= 0 ? 1 : -1 }
        return true
    }

    /// Runs one call under the lock, then moves what it wrote into the outbox.
    private func run(_ call: (OpaquePointer) -> Int32, completed: () -> Int = { 0 }) -> Outcome {
        state.withLock { state in
            ERR_clear_error()
            let result = call(ssl)
            let outcome: Outcome =
                result > 0 ? .completed(completed()) : classify(SSL_get_error(ssl, result), state: state)
            drainOutput(into: &state.outbox)
            return outcome
        }
    }

    private func drainOutput(into outbox: inout [UInt8]) {
        let pending = Int(BIO_ctrl_pending(output))
        guard pending > 0 else { return }
        let start = outbox.count
        outbox.append(contentsOf: repeatElement(0, count: pending))
        let count = outbox.withUnsafeMutableBytes { buffer in
            BIO_read(output, buffer.baseAddress.map { $0 + start }, Int32(pending))
        }
        outbox.removeLast(pending - max(0, Int(count)))
    }

    // MARK: - Moving bytes

    /// Sends as much of the outbox as the socket takes; returns whether it is now empty.
    func sendOutbox(over socket: Socket) throws -> Bool {
        try state.withLock { state in
            guard !state.outbox.isEmpty else { return true }
            let sent = try state.outbox.withUnsafeBytes { try socket.send($0) }
            guard let sent else { return false }
            state.outbox.removeFirst(sent)
            return state.outbox.isEmpty
        }
    }

    /// Hands bytes received from the socket to OpenSSL.
    func receive(_ bytes: [UInt8]) {
        state.withLock { _ in
            _ = bytes.withUnsafeBytes { BIO_write(input, $0.baseAddress, Int32($0.count)) }
        }
    }

    /// Records that the peer closed the TCP connection, so that OpenSSL's next read reports end of file.
    func receiveEndOfFile() {
        state.withLock { state in
            state.receivedEndOfFile = true
            labkit_bio_set_mem_eof_return(input, 0)
        }
    }

    /// Whether decrypted or still encrypted bytes wait to be read, which makes an idle
    /// connection unfit for reuse.
    var hasBufferedInput: Bool {
        state.withLock { _ in SSL_pending(ssl) > 0 || BIO_ctrl_pending(input) > 0 }
    }

    // MARK: - After the handshake

    /// Reads what the handshake negotiated.
    func connectionInfo() -> TLSConnectionInfo {
        state.withLock { _ in
            let version: TLSVersion = SSL_version(ssl) == TLS1_3_VERSION ? .tls13 : .tls12
            let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
            var protocolName: UnsafePointer<UInt8>?
            var protocolLength: UInt32 = 0
            SSL_get0_alpn_selected(ssl, &protocolName, &protocolLength)
            let applicationProtocol = protocolName.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(protocolLength)), as: UTF8.self)
            }
            return TLSConnectionInfo(
                version: version,
                cipherSuite: cipher ?? "unknown",
                applicationProtocol: applicationProtocol,
                peerCertificates: check.peerCertificates
            )
        }
    }
}
