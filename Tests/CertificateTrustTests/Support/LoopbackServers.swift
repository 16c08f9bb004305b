import CertificateTrust
import Foundation
import LabKit
import Testing

/// Runs `body` with the real HTTPS server of `api.lab.test` on loopback, which presents the
/// PKI's server chain.
///
/// Each response echoes the request's `Authorization` header, so a test can see that a
/// request reached the real server through a proxy.
func withRealServer<Result>(_ pki: LabPKI, _ body: (SocketAddress) async throws -> Result) async throws -> Result {
    let tls = TLSConfiguration.server(
        certificateChainPEM: Certificate.pemBundle(pki.serverChain), privateKeyPEM: try pki.server.privateKeyPEM)
    let server = HTTPServer(configuration: HTTPServer.Configuration(requestTimeout: .seconds(30), tls: tls)) {
        request in
        HTTPResponse(status: .ok, text: "balance for \(request.headers["Authorization"] ?? "nobody"): 1200 EUR")
    }
    let address = try server.start()
    do {
        let result = try await body(address)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Runs `body` with an interception proxy in front of `upstream` that presents `identity`.
func withProxy<Result>(
    presenting identity: CertifiedKey, chain: [Certificate] = [], upstream: SocketAddress,
    _ body: (InterceptionProxy) async throws -> Result
) async throws -> Result {
    let proxy = try InterceptionProxy(presenting: identity, chain: chain, upstream: upstream)
    proxy.start()
    defer { proxy.stop() }
    return try await body(proxy)
}

/// The secret a client sends, which a proxy that fooled it can read.
let secretToken = "Bearer s3cret-token"

extension VerifyingClient {
    /// Requests the account balance as `api.lab.test` from `address` and returns the
    /// response body, or the error that stopped the request.
    func fetchBalance(from address: SocketAddress, serverName: String = LabPKI.host) async -> Result<String, any Error>
    {
        do {
            let request = HTTPRequest(method: .get, target: "/balance", headers: ["Authorization": secretToken])
            let response = try await send(request, to: address, serverName: serverName)
            return .success(String(decoding: response.body, as: UTF8.self))
        } catch {
            return .failure(error)
        }
    }
}

extension Result where Failure == any Error {
    /// The rejection reason of a failed handshake: the `TLSError`'s reason, or its description.
    var rejectionReason: String? {
        guard case .failure(let error) = self else { return nil }
        guard let tlsError = error as? TLSError else { return "\(error)" }
        return tlsError.reason ?? tlsError.description
    }
}
