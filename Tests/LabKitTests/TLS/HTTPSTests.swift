import Foundation
import Synchronization
import Testing

@testable import LabKit

@Suite("HTTPS server and client", .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct HTTPSTests {
    /// Starts an HTTPS server whose handler returns the path and the client's port.
    private func withHTTPSServer<Result>(
        _ tls: TLSConfiguration,
        logger: Logger = .disabled,
        handler: @escaping HTTPHandler = { request in
            HTTPResponse(status: .ok, text: "path=\(request.path) port=\(request.peer?.port ?? 0)")
        },
        _ body: (SocketAddress) async throws -> Result
    ) async throws -> Result {
        try await withServer(
            HTTPServer.Configuration(requestTimeout: .seconds(30), tls: tls), logger: logger, handler: handler
        ) { _, address in
            try await body(address)
        }
    }

    @Test("request and response with keep-alive", arguments: [TLSVersion.tls12, .tls13])
    func keepAlive(version: TLSVersion) async throws {
        let pki = try await TestPKI.shared()
        var tls = pki.clientConfiguration
        tls.maximumVersion = version
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: tls))
        defer { client.shutdown() }
        try await withHTTPSServer(pki.serverConfiguration) { address in
            let url = "https://localhost:\(address.port)"
            let first = try await client.send(.get, "\(url)/a")
            let second = try await client.send(.get, "\(url)/b")
            #expect(first.status == .ok)
            let firstText = String(decoding: first.body, as: UTF8.self)
            let secondText = String(decoding: second.body, as: UTF8.self)
            #expect(firstText.hasPrefix("path=/a "))
            #expect(secondText.hasPrefix("path=/b "))
            #expect(
                firstText.split(separator: " ").last == secondText.split(separator: " ").last,
                "the second request reuses the first TLS connection, so the client port is the same")
        }
    }

    @Test("request by address and server name")
    func sendWithServerName() async throws {
        let pki = try await TestPKI.shared()
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        defer { client.shutdown() }
        try await withHTTPSServer(pki.serverConfiguration) { address in
            let request = HTTPRequest(method: .post, target: "/orders", body: Data("order".utf8))
            let response = try await client.send(request, to: address, tlsServerName: "localhost")
            #expect(response.status == .ok)
            let wrongName = await capture { try await client.send(request, to: address, tlsServerName: "billing") }
            #expect(wrongName.tlsError?.code == .certificateRejected, "the name is checked: \(wrongName)")
        }
    }

    @Test("default client rejects the test root")
    func defaultClientRejects() async throws {
        let pki = try await TestPKI.shared()
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30)))
        defer { client.shutdown() }
        try await withHTTPSServer(pki.serverConfiguration) { address in
            let result = await capture { try await client.send(.get, "https://127.0.0.1:\(address.port)/") }
            #expect(result.tlsError?.code == .certificateRejected, "\(result)")
        }
    }

    @Test("handler reads the client chain")
    func handlerSeesClientChain() async throws {
        let pki = try await TestPKI.shared()
        let seen = Mutex<TLSConnectionInfo?>(nil)
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.mutualClientConfiguration))
        defer { client.shutdown() }
        let handler: HTTPHandler = { request in
            seen.withLock { $0 = request.tls }
            return HTTPResponse(status: .ok, text: "ok")
        }
        try await withHTTPSServer(pki.mutualServerConfiguration, handler: handler) { address in
            let response = try await client.send(.get, "https://localhost:\(address.port)/")
            #expect(response.status == .ok)
        }
        let info = try #require(seen.withLock { $0 }, "the request carries its connection's TLS information")
        #expect(info.peerCertificates?.chain == [pki.clientDER, pki.intermediateDER])
        #expect(info.peerCertificates?.serverName == "localhost")
    }

    @Test("plain HTTP request carries no TLS information")
    func plainRequestHasNoTLS() async throws {
        let seen = Mutex<Bool?>(nil)
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30)))
        defer { client.shutdown() }
        let handler: HTTPHandler = { request in
            seen.withLock { $0 = request.tls == nil }
            return HTTPResponse(status: .ok, text: "ok")
        }
        try await withServer(handler: handler) { _, address in
            _ = try await client.send(.get, "http://127.0.0.1:\(address.port)/")
        }
        #expect(seen.withLock { $0 } == true)
    }

    @Test("missing client certificate fails the request")
    func missingClientCertificate() async throws {
        let pki = try await TestPKI.shared()
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        defer { client.shutdown() }
        let capture = LogCapture()
        try await withHTTPSServer(pki.mutualServerConfiguration, logger: capture.logger(label: "https")) { address in
            let result = await LabKitTests.capture { try await client.send(.get, "https://localhost:\(address.port)/") }
            let error = try #require(result.tlsError, "the client reports the server's alert: \(result)")
            #expect(error.alert == 116, "TLS 1.3 servers send certificate_required (116)")
        }
        #expect(capture.records.contains { $0.message.contains("TLS handshake failed") })
    }

    @Test("plain HTTP to HTTPS port, then HTTPS")
    func plainClientThenHTTPS() async throws {
        let pki = try await TestPKI.shared()
        let capture = LogCapture()
        let plainClient = HTTPClient(configuration: .init(connectTimeout: .seconds(30)))
        let tlsClient = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        defer {
            plainClient.shutdown()
            tlsClient.shutdown()
        }
        try await withHTTPSServer(pki.serverConfiguration, logger: capture.logger(label: "https")) { address in
            let plain = await LabKitTests.capture {
                try await plainClient.send(.get, "http://127.0.0.1:\(address.port)/")
            }
            #expect((plain.value) == nil, "a plain HTTP request gets no response from an HTTPS server")
            let response = try await tlsClient.send(.get, "https://localhost:\(address.port)/after")
            #expect(response.status == .ok, "the server keeps serving after a non-TLS client")
        }
        let failure = capture.records.first { $0.message.contains("TLS handshake failed") }
        #expect(failure?.metadata["error"]?.contains("not a TLS record") == true, "\(String(describing: failure))")
    }

    @Test("invalid TLS configuration fails start")
    func invalidConfigurationFailsStart() {
        let server = HTTPServer(configuration: .init(tls: TLSConfiguration())) { _ in HTTPResponse(status: .ok) }
        #expect {
            try server.start()
        } throws: {
            ($0 as? TLSError)?.code == .invalidConfiguration
        }
    }
}
