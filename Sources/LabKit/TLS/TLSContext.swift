import COpenSSL

/// An OpenSSL `SSL_CTX` built from a ``TLSConfiguration``, shared by the connections of
/// one client or server.
///
/// The class is `@unchecked Sendable` because the context is never changed after `init`,
/// and openssl-threads(7) allows `SSL_new` on one context from many threads at once.
final class TLSContext: @unchecked Sendable {
    enum Role: Sendable {
        case client
        case server
    }

    let pointer: OpaquePointer
    let role: Role
    let configuration: TLSConfiguration
    /// The server's ALPN list in wire format, which the selection callback reads.
    private let alpnWireFormat: ALPNList

    /// Builds a context and checks the configuration.
    ///
    /// - Throws: ``TLSError/Code/invalidConfiguration`` naming the setting that is wrong.
    init(_ configuration: TLSConfiguration, role: Role) throws {
        // Checked before SSL_CTX_new: a throw before every property is set skips deinit,
        // which would leak the context.
        let alpn = ALPNList(try Self.wireFormat(configuration.applicationProtocols))
        let method = role == .client ? TLS_client_method() : TLS_server_method()
        guard let context = SSL_CTX_new(method) else {
            throw TLSError(.invalidConfiguration, "SSL_CTX_new failed", openSSLMessage: OpenSSLError.lastMessage())
        }
        pointer = context
        self.role = role
        self.configuration = configuration
        alpnWireFormat = alpn
        try configureVersions()
        try configureIdentity()
        try configureTrust()
        configureVerification()
        try configureALPN()
        // Every handshake is a full one, so the certificate checks run on every connection.
        labkit_ssl_ctx_disable_resumption(context)
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    // MARK: - Versions

    private func configureVersions() throws {
        let minimum = configuration.minimumVersion
        let maximum = configuration.maximumVersion
        guard minimum <= maximum else {
            throw TLSError(
                .invalidConfiguration,
                "minimumVersion \(minimum) is above maximumVersion \(maximum); lower the minimum or raise the maximum")
        }
        guard labkit_ssl_ctx_set_min_proto_version(pointer, Self.protocolVersion(minimum)) == 1,
            labkit_ssl_ctx_set_max_proto_version(pointer, Self.protocolVersion(maximum)) == 1
        else {
            throw TLSError(
                .invalidConfiguration, "setting the TLS version range failed",
                openSSLMessage: OpenSSLError.lastMessage())
        }
    }

    static func protocolVersion(_ version: TLSVersion) -> Int32 {
        switch version {
        case .tls12: TLS1_2_VERSION
        case .tls13: TLS1_3_VERSION
        }
    }

    // MARK: - Own certificate

    private func configureIdentity() throws {
        switch (configuration.certificateChainPEM, configuration.privateKeyPEM) {
        case (nil, nil):
            guard role == .client else {
                throw TLSError(
                    .invalidConfiguration,
                    "a TLS server needs certificateChainPEM and privateKeyPEM; use TLSConfiguration.server(...)")
            }
        case (let chainPEM?, let keyPEM?):
            try useCertificateChain(chainPEM)
            try usePrivateKey(keyPEM)
        case (nil, _):
            throw TLSError(
                .invalidConfiguration, "privateKeyPEM is set but certificateChainPEM is missing; set both or neither")
        case (_, nil):
            throw TLSError(
                .invalidConfiguration, "certificateChainPEM is set but privateKeyPEM is missing; set both or neither")
        }
    }

    private func useCertificateChain(_ pem: String) throws {
        let certificates = try PEMCertificates(pem, setting: "certificateChainPEM")
        guard let leaf = certificates.list.first else {
            throw TLSError(
                .invalidConfiguration,
                "certificateChainPEM contains no certificate; expected '-----BEGIN CERTIFICATE-----' blocks")
        }
        guard SSL_CTX_use_certificate(pointer, leaf) == 1 else {
            throw TLSError(
                .invalidConfiguration, "the first certificate of certificateChainPEM cannot be used",
                openSSLMessage: OpenSSLError.lastMessage())
        }
        for intermediate in certificates.list.dropFirst() {
            guard labkit_ssl_ctx_add1_chain_cert(pointer, intermediate) == 1 else {
                throw TLSError(
                    .invalidConfiguration, "an intermediate certificate of certificateChainPEM cannot be used",
                    openSSLMessage: OpenSSLError.lastMessage())
            }
        }
    }

    private func usePrivateKey(_ pem: String) throws {
        let key: EVPKey
        do {
            key = try EVPKey.decodingPrivateKey(pem: pem)
        } catch {
            throw TLSError(.invalidConfiguration, "privateKeyPEM cannot be read: \(error)")
        }
        // SSL_CTX_use_PrivateKey already compares the key with the certificate; the
        // explicit check covers a key type that the comparison skips.
        guard SSL_CTX_use_PrivateKey(pointer, key.pointer) == 1, SSL_CTX_check_private_key(pointer) == 1 else {
            throw TLSError(
                .invalidConfiguration,
                "privateKeyPEM does not belong to the first certificate of certificateChainPEM; check that they were issued together",
                openSSLMessage: OpenSSLError.lastMessage())
        }
    }

    // MARK: - Trust and verification

    private func configureTrust() throws {
        guard let rootsPEM = configuration.trustedRootsPEM else {
            if role == .server, configuration.clientCertificateMode != .none,
                case .standard = configuration.verification
            {
                throw TLSError(
                    .invalidConfiguration,
                    "a server that verifies client certificates needs trustedRootsPEM, the CA that issues them")
            }
            if role == .client {
                SSL_CTX_set_default_verify_paths(pointer)
            }
            return
        }
        let roots = try PEMCertificates(rootsPEM, setting: "trustedRootsPEM")
        guard !roots.list.isEmpty else {
            throw TLSError(
                .invalidConfiguration,
                "trustedRootsPEM contains no certificate; expected '-----BEGIN CERTIFICATE-----' blocks")
        }
        let store = SSL_CTX_get_cert_store(pointer)
        for root in roots.list {
            guard X509_STORE_add_cert(store, root) == 1 else {
                throw TLSError(
                    .invalidConfiguration, "a certificate of trustedRootsPEM cannot be added to the trust store",
                    openSSLMessage: OpenSSLError.lastMessage())
            }
            // A server names the CAs it accepts in its CertificateRequest (RFC 8446 §4.2.4),
            // which lets a client with several certificates pick the right one.
            if role == .server && SSL_CTX_add_client_CA(pointer, root) != 1 {
                throw TLSError(
                    .invalidConfiguration, "a certificate of trustedRootsPEM cannot be named as an accepted CA",
                    openSSLMessage: OpenSSLError.lastMessage())
            }
        }
    }

    /// Sets when the peer's certificate is checked, and installs ``verifyCertificates``
    /// as the check, which runs the configured ``TLSPeerVerification``.
    private func configureVerification() {
        var mode = SSL_VERIFY_NONE
        switch (role, configuration.clientCertificateMode) {
        case (.client, _): mode = SSL_VERIFY_PEER
        case (.server, .none): mode = SSL_VERIFY_NONE
        case (.server, .request): mode = SSL_VERIFY_PEER
        case (.server, .require): mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
        }
        SSL_CTX_set_verify(pointer, mode, nil)
        SSL_CTX_set_cert_verify_callback(pointer, verifyCertificates, nil)
    }

    // MARK: - ALPN

    private func configureALPN() throws {
        guard !alpnWireFormat.bytes.isEmpty else { return }
        switch role {
        case .client:
            let result = alpnWireFormat.bytes.withUnsafeBufferPointer {
                SSL_CTX_set_alpn_protos(pointer, $0.baseAddress, UInt32($0.count))
            }
            guard result == 0 else {
                throw TLSError(
                    .invalidConfiguration, "setting applicationProtocols failed",
                    openSSLMessage: OpenSSLError.lastMessage())
            }
        case .server:
            SSL_CTX_set_alpn_select_cb(
                pointer, selectApplicationProtocol, Unmanaged.passUnretained(alpnWireFormat).toOpaque())
        }
    }

    /// Encodes protocol names as the length-prefixed list of RFC 7301 §3.1.
    private static func wireFormat(_ protocols: [String]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for name in protocols {
            let utf8 = Array(name.utf8)
            guard (1...255).contains(utf8.count) else {
                throw TLSError(
                    .invalidConfiguration,
                    "the application protocol '\(name)' must be 1 to 255 bytes long (RFC 7301 §3.1)")
            }
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }
}

/// The server's ALPN list, kept in a class so that OpenSSL's callback can point at it.
private final class ALPNList: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// Picks the first of the server's protocols that the client also offers.
///
/// With no common protocol, the handshake goes on without ALPN, which RFC 7301 §3.2 allows
/// as an alternative to a `no_application_protocol` alert.
private func selectApplicationProtocol(
    _ ssl: OpaquePointer?,
    _ selected: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ selectedLength: UnsafeMutablePointer<UInt8>?,
    _ offered: UnsafePointer<UInt8>?,
    _ offeredLength: UInt32,
    _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let argument else { return SSL_TLSEXT_ERR_NOACK }
    let list = Unmanaged<ALPNList>.fromOpaque(argument).takeUnretainedValue()
    var output: UnsafeMutablePointer<UInt8>?
    let result = list.bytes.withUnsafeBufferPointer { server in
        SSL_select_next_proto(&output, selectedLength, server.baseAddress, UInt32(server.count), offered, offeredLength)
    }
    guard result == OPENSSL_NPN_NEGOTIATED, let output else { return SSL_TLSEXT_ERR_NOACK }
    // The output points into `list.bytes`, which lives as long as the context.
    selected?.pointee = UnsafePointer(output)
    return SSL_TLSEXT_ERR_OK
}

// MARK: - PEM certificates

/// The certificates of a PEM text, owned until this value is released.
final class PEMCertificates {
    let list: [OpaquePointer]

    /// Reads every `CERTIFICATE` block of `pem`.
    ///
    /// - Parameter setting: The configuration field, named in errors.
    init(_ pem: String, setting: String) throws {
        let bytes = Array(pem.utf8)
        var list: [OpaquePointer] = []
        // A memory BIO over a buffer reads that buffer without copying it, so every read
        // happens inside the closure that keeps the buffer alive.
        let isCreated = bytes.withUnsafeBytes { buffer -> Bool in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return false }
            defer { BIO_free(bio) }
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                list.append(certificate)
            }
            return true
        }
        guard isCreated else {
            throw TLSError(.invalidConfiguration, "BIO_new_mem_buf failed", openSSLMessage: OpenSSLError.lastMessage())
        }
        self.list = list
        // Reading ends with a "no start line" error once no block is left. Any other error
        // means a block failed to parse, and the blocks after it were never read.
        let code = ERR_peek_last_error()
        let isEndOfText = labkit_err_get_lib(code) == ERR_LIB_PEM && labkit_err_get_reason(code) == PEM_R_NO_START_LINE
        let message = OpenSSLError.lastMessage()
        if !isEndOfText || (list.isEmpty && pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw TLSError(
                .invalidConfiguration,
                "\(setting) has a certificate block that OpenSSL cannot parse (block \(list.count + 1) of the CERTIFICATE blocks); check that it was copied whole",
                openSSLMessage: message)
        }
    }

    deinit {
        for certificate in list {
            X509_free(certificate)
        }
    }
}
