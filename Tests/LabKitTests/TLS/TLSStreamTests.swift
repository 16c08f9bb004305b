import Foundation
import Synchronization
import Testing

@testable import LabKit

@Suite(
    "TLS stream handshakes and data", .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSStreamTests {
    @Test("handshake and data both ways", arguments: [TLSVersion.tls12, .tls13])
    func dataBothWays(version: TLSVersion) async throws {
        let pki = try await TestPKI.shared()
        var client = pki.clientConfiguration
        client.minimumVersion = version
        client.maximumVersion = version
        let (serverResult, clientResult) = try await handshake(server: pki.serverConfiguration, client: client)
        let server = try serverResult.get()
        let stream = try clientResult.get()

        #expect(stream.connectionInfo?.version == version)
        #expect(server.connectionInfo?.version == version)
        #expect(stream.connectionInfo?.cipherSuite.isEmpty == false)
        #expect(
            stream.peerCertificates?.chain == [pki.serverDER, pki.intermediateDER],
            "the client sees the server's certificate and intermediate, exactly as sent")
        #expect(stream.peerCertificates?.serverName == "localhost")
        #expect(server.peerCertificates == nil, "a server that asks for no certificate receives none")

        try await stream.write(Array("ping".utf8))
        #expect(try await server.read(timeout: .seconds(30)) == Array("ping".utf8))
        let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        try await server.write(large)
        var received: [UInt8] = []
        while received.count < large.count {
            let chunk = try await stream.read(timeout: .seconds(30))
            try #require(!chunk.isEmpty, "the stream ended after \(received.count) bytes")
            received += chunk
        }
        #expect(received == large, "100 kB cross several TLS records intact")

        await server.close()
        #expect(try await stream.read(timeout: .seconds(30)).isEmpty, "close_notify reads as end of stream")
        await stream.close()
    }

    @Test("ALPN selects a common protocol")
    func alpn() async throws {
        let pki = try await TestPKI.shared()
        var server = pki.serverConfiguration
        server.applicationProtocols = ["h2", "http/1.1"]
        var client = pki.clientConfiguration
        client.applicationProtocols = ["http/1.1"]
        let (serverResult, clientResult) = try await handshake(server: server, client: client)
        #expect(try clientResult.get().connectionInfo?.applicationProtocol == "http/1.1")
        #expect(try serverResult.get().connectionInfo?.applicationProtocol == "http/1.1")
    }

    @Test("IP address matches an IP SAN")
    func ipAddressName() async throws {
        let pki = try await TestPKI.shared()
        let (_, clientResult) = try await handshake(
            server: pki.serverConfiguration, client: pki.clientConfiguration, serverName: "127.0.0.1")
        #expect(try clientResult.get().peerCertificates?.serverName == "127.0.0.1")
    }

    // MARK: - Verifiers

    @Test("verifier receives the sent chain and accepts", arguments: [TLSVersion.tls12, .tls13])
    func verifierAccepts(version: TLSVersion) async throws {
        let pki = try await TestPKI.shared()
        let seen = Mutex<TLSPeerCertificates?>(nil)
        var client = TLSConfiguration.client(
            verification: .custom { certificates in
                seen.withLock { $0 = certificates }
                return .accept
            })
        client.maximumVersion = version
        let (serverResult, clientResult) = try await handshake(server: pki.serverConfiguration, client: client)
        _ = try serverResult.get()
        _ = try clientResult.get()
        let certificates = try #require(seen.withLock { $0 }, "the verifier runs during the handshake")
        #expect(certificates.chain == [pki.serverDER, pki.intermediateDER])
        #expect(certificates.serverName == "localhost")
    }

    @Test("verifier rejection fails both sides", arguments: [TLSVersion.tls12, .tls13])
    func verifierRejects(version: TLSVersion) async throws {
        let pki = try await TestPKI.shared()
        var client = TLSConfiguration.client(verification: .custom { _ in .reject(reason: "pin mismatch") })
        client.maximumVersion = version
        let (serverResult, clientResult) = try await handshake(server: pki.serverConfiguration, client: client)

        let clientError = try #require(clientResult.tlsError, "the client's connect throws TLSError")
        #expect(clientError.code == .certificateRejected)
        #expect(clientError.reason == "pin mismatch", "the verifier's reason reaches the error")
        #expect(clientError.message.contains("pin mismatch"))
        let serverError = try #require(serverResult.tlsError, "the server's accept throws TLSError")
        #expect(serverError.code == .alertReceived)
        #expect(serverError.alert == 42, "a rejection is sent as bad_certificate (42)")
    }

    @Test("server verifier sees client chain and SNI")
    func serverVerifier() async throws {
        let pki = try await TestPKI.shared()
        let seen = Mutex<TLSPeerCertificates?>(nil)
        var server = pki.serverConfiguration
        server.clientCertificateMode = .require
        server.verification = .custom { certificates in
            seen.withLock { $0 = certificates }
            return .accept
        }
        let (serverResult, _) = try await handshake(server: server, client: pki.mutualClientConfiguration)
        let stream = try serverResult.get()
        #expect(seen.withLock { $0 }?.chain == [pki.clientDER, pki.intermediateDER])
        #expect(seen.withLock { $0 }?.serverName == "localhost", "the server reads the client's SNI")
        #expect(stream.peerCertificates?.chain.first == pki.clientDER)
    }

    // MARK: - Standard verification

    @Test("default client rejects an untrusted server")
    func untrustedServer() async throws {
        let pki = try await TestPKI.shared()
        let rogue = TLSConfiguration.server(
            certificateChainPEM: pki.rogueCertificatePEM, privateKeyPEM: pki.rogueKeyPEM)
        let (serverResult, clientResult) = try await handshake(server: rogue, client: pki.clientConfiguration)
        let clientError = try #require(clientResult.tlsError)
        #expect(clientError.code == .certificateRejected)
        #expect(clientError.reason?.contains("self-signed certificate") == true, "\(clientError)")
        #expect(serverResult.tlsError?.code == .alertReceived)
    }

    @Test("default client rejects a wrong host name")
    func wrongHostName() async throws {
        let pki = try await TestPKI.shared()
        let (_, clientResult) = try await handshake(
            server: pki.serverConfiguration, client: pki.clientConfiguration, serverName: "orders.internal")
        let clientError = try #require(clientResult.tlsError)
        #expect(clientError.code == .certificateRejected)
        #expect(clientError.reason?.contains("hostname mismatch") == true, "\(clientError)")
    }

    @Test("whole-label wildcard only", arguments: [("orders.labkit.test", true), ("api1.svc.test", false)])
    func wildcards(serverName: String, isAccepted: Bool) async throws {
        let pki = try await TestPKI.shared()
        let server = TLSConfiguration.server(
            certificateChainPEM: pki.wildcardCertificatePEM + pki.intermediatePEM, privateKeyPEM: pki.wildcardKeyPEM)
        let (_, clientResult) = try await handshake(
            server: server, client: pki.clientConfiguration, serverName: serverName)
        if isAccepted {
            #expect(clientResult.value != nil, "*.labkit.test covers \(serverName): \(clientResult)")
        } else {
            #expect(
                clientResult.tlsError?.code == .certificateRejected,
                "a partial wildcard such as api*.svc.test matches nothing (RFC 6125 §6.4.3): \(clientResult)")
        }
    }

    @Test("concurrent read and write")
    func concurrentReadAndWrite() async throws {
        let pki = try await TestPKI.shared()
        let (serverResult, clientResult) = try await handshake(
            server: pki.serverConfiguration, client: pki.clientConfiguration)
        let server = try serverResult.get()
        let stream = try clientResult.get()

        let total = 300_000
        let echo = Task {
            var echoed = 0
            while echoed < total {
                let chunk = try await server.read(timeout: .seconds(30))
                if chunk.isEmpty { break }
                try await server.write(chunk, timeout: .seconds(30))
                echoed += chunk.count
            }
            return echoed
        }

        let payload = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        // Writing everything before reading would fill both socket buffers, so the writes
        // run in their own task while this one reads the echo.
        let writer = Task {
            for start in stride(from: 0, to: total, by: 10_000) {
                try await stream.write(Array(payload[start..<min(start + 10_000, total)]), timeout: .seconds(30))
            }
        }

        var received: [UInt8] = []
        while received.count < total {
            let chunk = try await stream.read(timeout: .seconds(30))
            try #require(!chunk.isEmpty, "the echo ended after \(received.count) bytes")
            received += chunk
        }
        try await writer.value
        #expect(try await echo.value == total)
        #expect(received == payload)
    }

    @Test("system trust store rejects the test root")
    func systemTrustStore() async throws {
        let pki = try await TestPKI.shared()
        let (_, clientResult) = try await handshake(server: pki.serverConfiguration, client: .client())
        #expect(clientResult.tlsError?.code == .certificateRejected)
    }

    @Test("insecure client accepts anything")
    func insecureClient() async throws {
        let pki = try await TestPKI.shared()
        let rogue = TLSConfiguration.server(
            certificateChainPEM: pki.rogueCertificatePEM, privateKeyPEM: pki.rogueKeyPEM)
        let (serverResult, clientResult) = try await handshake(
            server: rogue, client: .client(verification: .insecureAcceptAnything), serverName: "bank.example")
        _ = try serverResult.get()
        let stream = try clientResult.get()
        #expect(stream.peerCertificates?.chain.count == 1)
    }

    @Test("no common version fails the handshake")
    func noCommonVersion() async throws {
        let pki = try await TestPKI.shared()
        var server = pki.serverConfiguration
        server.minimumVersion = .tls13
        var client = pki.clientConfiguration
        client.maximumVersion = .tls12
        let (serverResult, clientResult) = try await handshake(server: server, client: client)
        #expect(serverResult.tlsError?.code == .handshakeFailed, "\(serverResult)")
        #expect(clientResult.tlsError?.alert == 70, "the client receives protocol_version (70): \(clientResult)")
    }
}
