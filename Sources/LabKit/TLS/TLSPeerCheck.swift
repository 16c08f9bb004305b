import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The certificate check of one connection: runs the configured ``TLSPeerVerification``
/// when OpenSSL calls ``verifyCertificates(_:_:)``, and records what it saw.
///
/// The class is `@unchecked Sendable` because OpenSSL calls it only from inside a call
/// on its connection, which ``TLSSession`` makes under its lock.
final class TLSPeerCheck: @unchecked Sendable {
    let role: TLSContext.Role
    let verification: TLSPeerVerification
    /// The name a client connects to; a server reads the client's SNI instead.
    let clientServerName: String?
    /// The certificates the peer sent, once OpenSSL has received them.
    private(set) var peerCertificates: TLSPeerCertificates?
    /// The reason the peer's certificates were rejected, or `nil` while they are not.
    private(set) var rejection: String?

    init(role: TLSContext.Role, verification: TLSPeerVerification, serverName: String?) {
        self.role = role
        self.verification = verification
        clientServerName = serverName
    }

    /// Checks the peer's certificates; returns whether the handshake goes on.
    func run(_ store: OpaquePointer, ssl: OpaquePointer) -> Bool {
        let certificates = TLSPeerCertificates(chain: Self.sentChain(store), serverName: serverName(ssl))
        peerCertificates = certificates
        switch verification {
        case .insecureAcceptAnything:
            X509_STORE_CTX_set_error(store, X509_V_OK)
            return true
        case .standard:
            // The store context carries the connection's verification parameters, the
            // expected host name included, so this is exactly OpenSSL's default check.
            if X509_verify_cert(store) == 1 { return true }
            let error = X509_STORE_CTX_get_error(store)
            let depth = X509_STORE_CTX_get_error_depth(store)
            let text = String(cString: X509_verify_cert_error_string(Int(error)))
            rejection = "\(text) (at depth \(depth), where 0 is the peer's own certificate)"
            return false
        case .custom(let verifier):
            switch verifier(certificates) {
            case .accept:
                X509_STORE_CTX_set_error(store, X509_V_OK)
                return true
            case .reject(let reason):
                // OpenSSL sends a bad_certificate alert for this verification error.
                X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)
                rejection = reason
                return false
            }
        }
    }

    private func serverName(_ ssl: OpaquePointer) -> String? {
        switch role {
        case .client:
            return clientServerName
        case .server:
            return SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
        }
    }

    /// Returns the DER of the certificates the peer sent, leaf first.
    ///
    /// OpenSSL passes the peer's list as the store's untrusted certificates. In OpenSSL 3
    /// that list starts with the leaf on both sides, and the code checks this rather than
    /// assuming it.
    private static func sentChain(_ store: OpaquePointer) -> [[UInt8]] {
        guard let leaf = X509_STORE_CTX_get0_cert(store) else { return [] }
        var chain = [derEncoding(leaf)]
        guard let untrusted = X509_STORE_CTX_get0_untrusted(store) else { return chain }
        for index in 0..<labkit_sk_x509_num(untrusted) {
            guard let certificate = labkit_sk_x509_value(untrusted, index) else { continue }
            if index == 0 && X509_cmp(certificate, leaf) == 0 { continue }
            chain.append(derEncoding(certificate))
        }
        return chain
    }

    static func derEncoding(_ certificate: OpaquePointer) -> [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_X509(certificate, &cursor)
        }
        return bytes
    }
}

/// The `SSL_CTX_set_cert_verify_callback` function of every LabKit context: finds the
/// connection's ``TLSPeerCheck`` and runs it.
///
/// Returning 0 makes OpenSSL abort the handshake with the alert that matches the store's
/// error (RFC 8446 §6.2).
func verifyCertificates(_ store: OpaquePointer?, _ argument: UnsafeMutableRawPointer?) -> Int32 {
    guard let store,
        let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
        let check = SSL_get_ex_data(OpaquePointer(ssl), TLSSession.checkIndex)
    else {
        return 0
    }
    let peerCheck = Unmanaged<TLSPeerCheck>.fromOpaque(check).takeUnretainedValue()
    return peerCheck.run(store, ssl: OpaquePointer(ssl)) ? 1 : 0
}

/// Returns whether `name` is an IPv4 or IPv6 address rather than a DNS name.
func isIPAddress(_ name: String) -> Bool {
    var scratch = in6_addr()
    return inet_pton(AF_INET, name, &scratch) == 1 || inet_pton(AF_INET6, name, &scratch) == 1
}
