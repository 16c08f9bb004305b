import COpenSSL
public import Foundation

/// OpenSSL's own certificate path validation, configured strictly, as a reference to
/// compare a hand-written verifier against.
///
/// It runs `X509_verify_cert` with the trusted roots in an `X509_STORE`, the peer's other
/// certificates as untrusted intermediates, the verification time set explicitly, the TLS
/// server or client purpose, and host name checks with
/// `X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT`: a wildcard
/// must be a whole label, and the subject's common name is never used as a host name.
///
/// Related OpenSSL documentation: `X509_verify_cert(3)`, `X509_VERIFY_PARAM_set_flags(3)`.
public struct OpenSSLReferenceVerifier: Sendable {
    /// The TLS role the verified certificate must be fit for.
    public enum Purpose: Sendable {
        /// A server certificate (`X509_PURPOSE_SSL_SERVER`).
        case tlsServer
        /// A client certificate (`X509_PURPOSE_SSL_CLIENT`).
        case tlsClient
    }

    /// OpenSSL's verdict.
    public struct Result: Sendable, CustomStringConvertible {
        /// The `X509_V_ERR_*` code, `X509_V_OK` (0) when the certificate verified.
        public let errorCode: Int32
        /// OpenSSL's text for the code, such as `certificate has expired`.
        public let errorString: String
        /// The position in the built chain, leaf at 0, of the certificate the error is about.
        public let errorDepth: Int32

        /// Whether the certificate verified.
        public var isValid: Bool { errorCode == X509_V_OK }

        public var description: String {
            isValid ? "ok" : "error \(errorCode) at depth \(errorDepth): \(errorString)"
        }
    }

    /// The trust anchors.
    public let trustedRoots: [Certificate]

    public init(trustedRoots: [Certificate]) {
        self.trustedRoots = trustedRoots
    }

    /// Verifies `chain` (the leaf first, then any intermediates in any order) at `time`.
    ///
    /// - Parameters:
    ///   - hostName: A DNS name or an IP address literal that the leaf must be valid for, or
    ///     `nil` to skip the name check.
    /// - Throws: ``CertificateError/Code/invalidParameter`` for an empty chain, an empty host
    ///   name or one with a NUL byte, or a time outside `time_t`;
    ///   ``CertificateError/Code/openSSL`` when OpenSSL cannot set up the check;
    ///   a certificate that fails verification is a ``Result``, not an error.
    public func verify(_ chain: [Certificate], purpose: Purpose, hostName: String?, at time: Date) throws -> Result {
        guard let leaf = chain.first else {
            throw CertificateError(.invalidParameter, "chain is empty; pass the peer's leaf certificate first")
        }
        let store = try makeStore()
        defer { X509_STORE_free(store) }
        guard let untrusted = OPENSSL_sk_new_null() else { throw CertificateError.openSSL("OPENSSL_sk_new_null") }
        defer { OPENSSL_sk_free(untrusted) }
        for certificate in chain.dropFirst() {
            guard OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.handle.pointer)) > 0 else {
                throw CertificateError.openSSL("OPENSSL_sk_push")
            }
        }
        guard let context = X509_STORE_CTX_new() else { throw CertificateError.openSSL("X509_STORE_CTX_new") }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, leaf.handle.pointer, untrusted) == 1 else {
            throw CertificateError.openSSL("X509_STORE_CTX_init")
        }
        try configure(X509_STORE_CTX_get0_param(context), purpose: purpose, hostName: hostName, time: time)

        let status = X509_verify_cert(context)
        let code = X509_STORE_CTX_get_error(context)
        ERR_clear_error()
        guard status == 1 || code != X509_V_OK else {
            throw CertificateError.openSSL("X509_verify_cert", context: "verifying \(leaf.subject)")
        }
        let text = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
        return Result(errorCode: code, errorString: text, errorDepth: X509_STORE_CTX_get_error_depth(context))
    }

    private func makeStore() throws -> OpaquePointer {
        guard let store = X509_STORE_new() else { throw CertificateError.openSSL("X509_STORE_new") }
        for root in trustedRoots where X509_STORE_add_cert(store, root.handle.pointer) != 1 {
            X509_STORE_free(store)
            throw CertificateError.openSSL("X509_STORE_add_cert", context: "trusting \(root.subject)")
        }
        return store
    }

    private func configure(_ parameters: OpaquePointer?, purpose: Purpose, hostName: String?, time: Date) throws {
        guard let seconds = time_t(exactly: time.timeIntervalSince1970.rounded(.down)) else {
            throw CertificateError(
                .invalidParameter, "verification time \(time.timeIntervalSince1970) s since 1970 does not fit in time_t"
            )
        }
        X509_VERIFY_PARAM_set_time(parameters, seconds)
        let purposeID = purpose == .tlsServer ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT
        guard X509_VERIFY_PARAM_set_purpose(parameters, purposeID) == 1 else {
            throw CertificateError.openSSL("X509_VERIFY_PARAM_set_purpose")
        }
        X509_VERIFY_PARAM_set_hostflags(
            parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT))
        guard let hostName else { return }
        // OpenSSL treats an empty name as "check no name", and a C string ends at a NUL byte.
        guard !hostName.isEmpty, !hostName.utf8.contains(0) else {
            throw CertificateError(
                .invalidParameter,
                "host name \(hostName.debugDescription) is empty or contains a NUL byte; pass a DNS name, an IP address, or nil to skip the name check"
            )
        }
        let status: Int32
        if case .ipAddress(let bytes) = SubjectAlternativeName.ipAddress(parsing: hostName) {
            status = X509_VERIFY_PARAM_set1_ip(parameters, bytes, bytes.count)
        } else {
            status = X509_VERIFY_PARAM_set1_host(parameters, hostName, 0)
        }
        guard status == 1 else {
            throw CertificateError.openSSL("X509_VERIFY_PARAM_set1_host", context: "setting host \(hostName)")
        }
    }
}
