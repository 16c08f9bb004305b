/// The certificates a TLS peer sent in its `Certificate` message, and the server name of
/// the connection.
public struct TLSPeerCertificates: Sendable, Equatable {
    /// The DER encoding of each certificate exactly as the peer sent it, leaf first.
    ///
    /// This is the peer's list (RFC 8446 §4.4.2), not a chain that OpenSSL built: it may
    /// lack the root, contain extra certificates, or be out of order, and a verifier must
    /// decide what to make of that.
    public let chain: [[UInt8]]
    /// The server name of the connection.
    ///
    /// On a client it is the name the client connects to. On a server it is the name the
    /// client sent in its Server Name Indication extension (RFC 6066 §3), or `nil` when it
    /// sent none.
    public let serverName: String?

    public init(chain: [[UInt8]], serverName: String?) {
        self.chain = chain
        self.serverName = serverName
    }

    /// The peer's own certificate, the first of ``chain``.
    public var leaf: [UInt8]? { chain.first }
}

/// A verifier's verdict on a peer's certificates.
public enum TLSVerificationDecision: Sendable, Equatable {
    /// Continue the handshake.
    case accept
    /// Abort the handshake with a `bad_certificate` alert; `reason` ends up in the local
    /// side's ``TLSError``.
    case reject(reason: String)
}

/// A function that decides whether a handshake goes on, given the peer's certificates.
///
/// It replaces OpenSSL's own chain and host name checks, so it must do every check it
/// wants. It runs during the handshake, on the task that drives it: keep it fast and
/// never block in it.
public typealias TLSPeerVerifier = @Sendable (TLSPeerCertificates) -> TLSVerificationDecision

/// The parameters a TLS connection negotiated, read after its handshake.
public struct TLSConnectionInfo: Sendable {
    /// The negotiated protocol version.
    public let version: TLSVersion
    /// The negotiated cipher suite by its OpenSSL name, such as `TLS_AES_256_GCM_SHA384`.
    public let cipherSuite: String
    /// The protocol chosen through ALPN (RFC 7301), or `nil` when none was negotiated.
    public let applicationProtocol: String?
    /// The certificates the peer sent, or `nil` when it sent none (a server that did not
    /// request a client certificate, or a client that had none to send).
    ///
    /// With the standard verification or a verifier, a connection exists only when these
    /// were accepted; with ``TLSPeerVerification/insecureAcceptAnything`` they are unverified.
    public let peerCertificates: TLSPeerCertificates?
}
