import Foundation
import Testing

@testable import LabKit

@Suite("Mutual TLS", .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSMutualTests {
    @Test("required client certificate is verified", arguments: [TLSVersion.tls12, .tls13])
    func clientCertificateAccepted(version: TLSVersion) async throws {
        let pki = try await TestPKI.shared()
        var client = pki.mutualClientConfiguration
        client.maximumVersion = version
        let (serverResult, clientResult) = try await handshake(server: pki.mutualServerConfiguration, client: client)
        let server = try serverResult.get()
        _ = try clientResult.get()
        #expect(server.peerCertificates?.chain == [pki.clientDER, pki.intermediateDER])
        #expect(server.peerCertificates?.serverName == "localhost")
    }

    @Test("TLS 1.3 server rejects a client without certificate")
    func missingCertificateTLS13() async throws {
        let pki = try await TestPKI.shared()
        let (serverResult, clientResult) = try await handshake(
            server: pki.mutualServerConfiguration, client: pki.clientConfiguration)
        #expect(serverResult.tlsError?.code == .certificateRequired, "\(serverResult)")
        // In TLS 1.3 the client finishes its handshake before the server checks its
        // certificate, so the alert arrives on the client's first read (RFC 8446 §4.4.2.4).
        let stream = try clientResult.get()
        let readError = await capture { try await stream.read(timeout: .seconds(30)) }.tlsError
        #expect(readError?.code == .alertReceived)
        #expect(readError?.alert == 116, "certificate_required (116)")
        #expect(readError?.message.contains("requires a client certificate") == true)
    }

    @Test("TLS 1.2 server rejects a client without certificate")
    func missingCertificateTLS12() async throws {
        let pki = try await TestPKI.shared()
        var client = pki.clientConfiguration
        client.maximumVersion = .tls12
        let (serverResult, clientResult) = try await handshake(server: pki.mutualServerConfiguration, client: client)
        #expect(serverResult.tlsError?.code == .certificateRequired)
        #expect(clientResult.tlsError?.code == .alertReceived, "\(clientResult)")
    }

    @Test("requested certificate is optional")
    func requestedCertificateOptional() async throws {
        let pki = try await TestPKI.shared()
        var server = pki.mutualServerConfiguration
        server.clientCertificateMode = .request
        let (serverResult, _) = try await handshake(server: server, client: pki.clientConfiguration)
        #expect(try serverResult.get().peerCertificates == nil)
    }

    @Test("client certificate from another CA is rejected")
    func untrustedClientCertificate() async throws {
        let pki = try await TestPKI.shared()
        var client = pki.clientConfiguration
        client.certificateChainPEM = pki.rogueCertificatePEM
        client.privateKeyPEM = pki.rogueKeyPEM
        client.maximumVersion = .tls12
        let (serverResult, clientResult) = try await handshake(server: pki.mutualServerConfiguration, client: client)
        #expect(serverResult.tlsError?.code == .certificateRejected)
        #expect(clientResult.tlsError?.code == .alertReceived)
    }
}

@Suite(
    "TLS failures and configuration", .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSFailureTests {
    @Test("garbage instead of TLS, then a good client")
    func garbageThenGoodClient() async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        async let first = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
        let raw = try await TLSStream.connectWithoutTLS(to: listener.address)
        try await raw.write(Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        let error = try #require(await first.tlsError, "the accept of a non-TLS peer throws TLSError")
        #expect(error.code == .notTLS)
        #expect(error.message.contains("not a TLS record"))
        await raw.close()

        async let second = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
        let client = try await TLSStream.connect(
            to: listener.address, serverName: "localhost", configuration: pki.clientConfiguration)
        #expect(try await second.get().connectionInfo != nil, "the listener still serves the next client")
        await client.close()
    }

    @Test("peer closes in mid-handshake")
    func closeMidHandshake() async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        async let accepted = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
        let raw = try await TLSStream.connectWithoutTLS(to: listener.address)
        // The header of a handshake record that promises 512 bytes, and only 4 of them.
        try await raw.write([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC])
        await raw.close(timeout: .zero)
        let error = try #require(await accepted.tlsError)
        #expect(error.code == .closedDuringHandshake)
    }

    @Test("server closes in mid-handshake")
    func serverClosesMidHandshake() async throws {
        let plain = try TLSListener(configuration: nil)
        defer { plain.close() }
        async let served = capture {
            let server = try await plain.accept()
            _ = try await server.read(timeout: .seconds(30))
            await server.close(timeout: .zero)
        }
        let connected = await capture {
            try await TLSStream.connect(
                to: plain.address, serverName: "localhost", configuration: .client(), timeout: .seconds(30))
        }
        _ = try await served.get()
        #expect(connected.tlsError?.code == .closedDuringHandshake, "\(connected)")
    }

    @Test("client facing a plain TCP server")
    func clientAgainstPlainServer() async throws {
        let plain = try TLSListener(configuration: nil)
        defer { plain.close() }
        async let served = capture {
            let server = try await plain.accept()
            _ = try await server.read(timeout: .seconds(30))
            try await server.write(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
            await server.close()
        }
        let connected = await capture {
            try await TLSStream.connect(
                to: plain.address, serverName: "localhost", configuration: .client(), timeout: .seconds(30))
        }
        _ = try await served.get()
        let error = try #require(connected.tlsError)
        #expect(error.code == .notTLS || error.code == .handshakeFailed, "\(error)")
    }

    @Test("server without certificate is rejected")
    func serverWithoutCertificate() {
        #expect {
            try TLSListener(configuration: TLSConfiguration())
        } throws: {
            ($0 as? TLSError)?.code == .invalidConfiguration
        }
    }

    @Test("key that does not match the certificate")
    func mismatchedKey() async throws {
        let pki = try await TestPKI.shared()
        let configuration = TLSConfiguration.server(
            certificateChainPEM: pki.serverChainPEM, privateKeyPEM: pki.clientKeyPEM)
        let error = #expect(throws: TLSError.self) { try TLSListener(configuration: configuration) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("does not belong") == true)
    }

    @Test("mutual TLS without trusted roots")
    func mutualWithoutRoots() async throws {
        let pki = try await TestPKI.shared()
        var configuration = pki.serverConfiguration
        configuration.clientCertificateMode = .require
        let error = #expect(throws: TLSError.self) { try TLSListener(configuration: configuration) }
        #expect(error?.message.contains("trustedRootsPEM") == true)
    }

    @Test("empty version range")
    func emptyVersionRange() async throws {
        let pki = try await TestPKI.shared()
        var configuration = pki.serverConfiguration
        configuration.minimumVersion = .tls13
        configuration.maximumVersion = .tls12
        let error = #expect(throws: TLSError.self) { try TLSListener(configuration: configuration) }
        #expect(error?.code == .invalidConfiguration)
    }
}
