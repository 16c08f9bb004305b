public import LabKit

/// The TLS role of the peer whose certificate is being checked.
public enum PeerRole: Sendable {
    /// A server, checked by a client: its certificate needs the `serverAuth` purpose.
    case server
    /// A client, checked by a server in mutual TLS: its certificate needs the `clientAuth` purpose.
    case client

    /// The extended key usage purpose a certificate for this role must allow (RFC 5280 §4.2.1.12).
    public var extendedKeyUsage: ExtendedKeyUsage {
        switch self {
        case .server: .serverAuth
        case .client: .clientAuth
        }
    }
}

/// The certificates a peer presented in its TLS handshake, and the name the client expects.
public struct PresentedChain: Sendable {
    /// The peer's certificates as it sent them: its own (the leaf) first, then any
    /// intermediates, in whatever order and with whatever extras the peer chose.
    public var certificates: [Certificate]
    /// The host name or IP address literal the client dialed, such as `api.lab.test` or
    /// `127.0.0.1`; `nil` when the peer is a client and no name is expected.
    public var expectedName: String?

    public init(_ certificates: [Certificate], expectedName: String? = nil) {
        self.certificates = certificates
        self.expectedName = expectedName
    }
}

/// A policy that decides whether to trust the certificates a peer presented.
///
/// Each strategy of the lab conforms: the ones that check nothing (Part 1), chain
/// validation (Part 2), chain and host name validation (Part 3), and pinning (Part 4).
public protocol TrustStrategy: Sendable {
    /// Evaluates a presented chain and returns the certificates it decided to trust, leaf first.
    ///
    /// - Throws: ``TrustError`` naming the reason when the chain is rejected.
    func evaluate(_ presented: PresentedChain) throws -> [Certificate]
}
