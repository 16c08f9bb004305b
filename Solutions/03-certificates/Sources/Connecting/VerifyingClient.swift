import Foundation
public import LabKit

/// An HTTPS client whose trust decisions come from a ``TrustStrategy``, and that presents
/// a client certificate when it has one (for mutual TLS, Part 6).
public struct VerifyingClient: Sendable {
    /// The strategy that checks the server's certificates.
    public let strategy: any TrustStrategy
    /// The client's own certificate and key, sent when the server requests one.
    public let identity: CertifiedKey?
    /// Intermediates sent after the client's certificate.
    public let intermediates: [Certificate]

    public init(strategy: any TrustStrategy, identity: CertifiedKey? = nil, intermediates: [Certificate] = []) {
        self.strategy = strategy
        self.identity = identity
        self.intermediates = intermediates
    }

    /// Returns the TLS settings: the strategy's ``TrustStrategy/peerVerifier()`` as the check, and
    /// the client certificate, if any.
    public func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.client(verification: .custom(strategy.peerVerifier()))
        if let identity {
            configuration.certificateChainPEM = Certificate.pemBundle([identity.certificate] + intermediates)
            configuration.privateKeyPEM = try identity.privateKeyPEM
        }
        return configuration
    }

    /// Sends one request over a new HTTPS connection to `address`, checking the server as
    /// `serverName`, and returns the response.
    ///
    /// - Throws: `TLSError` when the handshake fails (its ``TLSError/reason`` carries the
    ///   strategy's rejection), and the `LabKitError`s of `HTTPClient`.
    public func send(_ request: HTTPRequest, to address: SocketAddress, serverName: String) async throws -> HTTPResponse
    {
        let client = HTTPClient(
            configuration: HTTPClient.Configuration(connectTimeout: .seconds(30), tls: try tlsConfiguration()))
        defer { client.shutdown() }
        return try await client.send(request, to: address, tlsServerName: serverName)
    }
}
