/// A TLS protocol version that LabKit negotiates.
public enum TLSVersion: Sendable, Comparable, CustomStringConvertible {
    /// TLS 1.2 (RFC 5246).
    case tls12
    /// TLS 1.3 (RFC 8446).
    case tls13

    public var description: String {
        switch self {
        case .tls12: "TLSv1.2"
        case .tls13: "TLSv1.3"
        }
    }
}

/// The choice of whether a server requests a client certificate (mutual TLS).
public enum TLSClientCertificateMode: Sendable {
    /// Never ask; clients stay anonymous.
    case none
    /// Ask, and verify a certificate the client sends, but also accept a client that sends none.
    case request
    /// Ask, and abort the handshake when the client sends no certificate.
    case require
}

/// The check one side applies to the certificates of the other.
public enum TLSPeerVerification: Sendable {
    /// OpenSSL's verification (RFC 5280 path validation) against the configured trusted
    /// roots, and on a client also the server name against the subject alternative names
    /// (RFC 9525), with wildcards only as the whole left-most label and never the subject's
    /// common name.
    case standard
    /// The given function decides instead of OpenSSL, which then checks nothing itself.
    case custom(TLSPeerVerifier)
    /// Every certificate is accepted, so anyone can impersonate the peer.
    ///
    /// Use it only to show what a man-in-the-middle achieves against such a client.
    case insecureAcceptAnything
}

/// The settings of one side of a TLS connection: its own certificate, whom it trusts,
/// which versions it accepts, and how it checks the peer.
///
/// ```swift
/// let server = TLSConfiguration.server(certificateChainPEM: chain, privateKeyPEM: key)
/// let client = TLSConfiguration.client(trustedRootsPEM: rootPEM)
/// ```
public struct TLSConfiguration: Sendable {
    /// This side's certificate followed by the intermediates to send with it, in PEM.
    ///
    /// Required on a server. Optional on a client, which sends it when the server requests one.
    public var certificateChainPEM: String?
    /// The private key of the first certificate in ``certificateChainPEM``, in unencrypted PEM.
    public var privateKeyPEM: String?
    /// The root certificates that the standard verification trusts, in PEM, or `nil` for
    /// the system's trust store.
    ///
    /// A server that verifies client certificates needs this set.
    public var trustedRootsPEM: String?
    /// The lowest version to negotiate.
    public var minimumVersion: TLSVersion
    /// The highest version to negotiate.
    public var maximumVersion: TLSVersion
    /// Whether a server requests a client certificate; a client ignores it.
    public var clientCertificateMode: TLSClientCertificateMode
    /// The check applied to the peer's certificates.
    public var verification: TLSPeerVerification
    /// The ALPN protocol names (RFC 7301) in order of preference, such as `["http/1.1"]`;
    /// empty to leave the extension out.
    public var applicationProtocols: [String]

    /// Creates a configuration; prefer ``client(trustedRootsPEM:verification:)`` and
    /// ``server(certificateChainPEM:privateKeyPEM:clientCertificateMode:trustedRootsPEM:)``.
    public init(
        certificateChainPEM: String? = nil,
        privateKeyPEM: String? = nil,
        trustedRootsPEM: String? = nil,
        minimumVersion: TLSVersion = .tls12,
        maximumVersion: TLSVersion = .tls13,
        clientCertificateMode: TLSClientCertificateMode = .none,
        verification: TLSPeerVerification = .standard,
        applicationProtocols: [String] = []
    ) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustedRootsPEM = trustedRootsPEM
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.clientCertificateMode = clientCertificateMode
        self.verification = verification
        self.applicationProtocols = applicationProtocols
    }

    /// Returns a client configuration that verifies the server against `trustedRootsPEM`
    /// (or the system's trust store when `nil`) and checks its name.
    public static func client(
        trustedRootsPEM: String? = nil,
        verification: TLSPeerVerification = .standard
    ) -> TLSConfiguration {
        TLSConfiguration(trustedRootsPEM: trustedRootsPEM, verification: verification)
    }

    /// Returns a server configuration that presents `certificateChainPEM`.
    ///
    /// - Parameters:
    ///   - clientCertificateMode: Whether to ask clients for a certificate.
    ///   - trustedRootsPEM: The roots that client certificates must chain to.
    public static func server(
        certificateChainPEM: String,
        privateKeyPEM: String,
        clientCertificateMode: TLSClientCertificateMode = .none,
        trustedRootsPEM: String? = nil
    ) -> TLSConfiguration {
        TLSConfiguration(
            certificateChainPEM: certificateChainPEM,
            privateKeyPEM: privateKeyPEM,
            trustedRootsPEM: trustedRootsPEM,
            clientCertificateMode: clientCertificateMode
        )
    }
}
