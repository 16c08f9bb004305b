import Foundation
import Testing

@testable import LabKit

@Suite(
    "TLS hostile peers and settings",
    .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSHostileInputTests {
    /// Replaces one base64 character in the middle of the second PEM block of `pem`.
    private static func corruptingSecondBlock(_ pem: String) -> String {
        var lines = pem.components(separatedBy: "\n")
        let begins = lines.indices.filter { lines[$0].hasPrefix("-----BEGIN") }
        let target = begins[1] + 2
        lines[target] = "%%%%" + lines[target].dropFirst(4)
        return lines.joined(separator: "\n")
    }

    @Test("corrupt chain block is an error")
    func corruptChainBlock() async throws {
        let pki = try await TestPKI.shared()
        let chain = Self.corruptingSecondBlock(pki.serverChainPEM)
        let error = #expect(throws: TLSError.self, "an intermediate that does not parse must not be dropped") {
            try TLSListener(configuration: .server(certificateChainPEM: chain, privateKeyPEM: pki.serverKeyPEM))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("certificateChainPEM") == true, "\(String(describing: error))")
        #expect(error?.message.contains("2") == true, "the message names the block: \(String(describing: error))")
    }

    @Test("corrupt trusted root block is an error")
    func corruptRootBlock() async throws {
        let pki = try await TestPKI.shared()
        let roots = Self.corruptingSecondBlock(pki.rootPEM + pki.rogueCertificatePEM + pki.intermediatePEM)
        let error = #expect(throws: TLSError.self, "a root that does not parse must not be dropped") {
            try TLSListener(
                configuration: .server(
                    certificateChainPEM: pki.serverChainPEM, privateKeyPEM: pki.serverKeyPEM,
                    clientCertificateMode: .require, trustedRootsPEM: roots))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("trustedRootsPEM") == true, "\(String(describing: error))")
    }

    @Test("server name with NUL is rejected")
    func serverNameWithNUL() async throws {
        let pki = try await TestPKI.shared()
        let (_, clientResult) = try await handshake(
            server: pki.serverConfiguration, client: pki.clientConfiguration,
            serverName: "localhost\0.evil.example")
        #expect(
            clientResult.tlsError?.code == .invalidConfiguration,
            "OpenSSL would check only the part before the NUL: \(clientResult)")
    }

    @Test("common name is never a host name")
    func commonNameIsNotHostName() async throws {
        let start = Date.now - 3_600
        let root = try CertificateAuthority.root(name: "CN Test Root", validity: start...(start + 86_400))
        var builder = root.makeBuilder(commonName: "localhost")
        builder.basicConstraints = .endEntity
        builder.keyUsage = [.digitalSignature]
        builder.extendedKeyUsage = [.serverAuth]
        let leaf = try root.issue(builder)
        let server = TLSConfiguration.server(
            certificateChainPEM: leaf.certificate.pemRepresentation, privateKeyPEM: try leaf.privateKeyPEM)
        let client = TLSConfiguration.client(trustedRootsPEM: root.certificate.pemRepresentation)
        let (_, clientResult) = try await handshake(server: server, client: client, serverName: "localhost")
        let error = try #require(clientResult.tlsError, "a leaf with CN=localhost and no SAN: \(clientResult)")
        #expect(error.code == .certificateRejected, "RFC 9525 §6.1: only SANs name a server")
    }

    @Test("silent client times out and is closed")
    func silentClientTimesOut() async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        async let accepted = capture { try await listener.accept(handshakeTimeout: .milliseconds(200)) }
        var raw = try await RawConnection.open(listener.address)
        // The start of a ClientHello, then nothing more.
        try await raw.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC])
        let result = await accepted
        guard case .failure(let error) = result else {
            Issue.record("a handshake without a ClientHello must not complete")
            return
        }
        #expect((error as? LabKitError)?.code == .timedOut, "\(error)")
        #expect(try await raw.readUntilClose().isEmpty, "the server closes the connection after the timeout")
        raw.close()
    }

    @Test("stalled handshake does not hold up the next")
    func stalledHandshakeIsolated() async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        // A client that connects and never sends its ClientHello is accepted first.
        let silent = try await RawConnection.open(listener.address)
        let stalled = try await listener.nextConnection()
        let stalledHandshake = Task { await capture { try await stalled.handshake(timeout: .seconds(60)) } }

        async let connected = capture {
            try await TLSStream.connect(
                to: listener.address, serverName: "localhost", configuration: pki.clientConfiguration,
                timeout: .seconds(30))
        }
        let next = try await listener.nextConnection()
        let accepted = await capture { try await next.handshake(timeout: .seconds(30)) }
        #expect(
            accepted.value?.connectionInfo != nil,
            "the next client's handshake completes while the first still waits for a ClientHello: \(accepted)")
        let client = try await connected.get()
        #expect(client.connectionInfo != nil, "and the client sees it complete")

        silent.close()
        let stalledResult = await stalledHandshake.value
        #expect(stalledResult.value == nil, "the silent client's handshake fails when it hangs up")
        await client.close()
        await accepted.value?.close()
    }

    @Test("oversized record is not TLS")
    func oversizedRecord() async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        async let accepted = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
        let raw = try await RawConnection.open(listener.address)
        try await raw.send([0x16, 0x03, 0x01, 0xFF, 0xFF] + Array(repeating: 0, count: 70_000))
        let error = try #require(await accepted.tlsError, "a 65 535-byte handshake record is refused")
        #expect([.notTLS, .handshakeFailed].contains(error.code), "\(error)")
        raw.close()
    }

    @Test(
        "old protocol versions are refused",
        .enabled(if: findExecutable("openssl") != nil, "openssl is not installed"),
        arguments: ["-tls1", "-tls1_1"])
    func oldVersionsRefused(option: String) async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: pki.serverConfiguration)
        defer { listener.close() }
        async let accepted = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
        let openssl = try #require(findExecutable("openssl"))
        let (status, output) = try await runTool(
            openssl,
            ["s_client", "-connect", "127.0.0.1:\(listener.address.port)", option, "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(status != 0, "s_client \(option) must fail: \(output)")
        let error = try #require(await accepted.tlsError, "the server refuses \(option)")
        #expect(error.code == .handshakeFailed, "\(error)")
    }

    @Test("many half-open clients do not block HTTPS")
    func halfOpenClients() async throws {
        let pki = try await TestPKI.shared()
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        defer { client.shutdown() }
        let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0, tls: pki.serverConfiguration)) { _ in
            HTTPResponse(status: .ok, text: "served")
        }
        let address = try server.start()
        var idle: [RawConnection] = []
        for _ in 0..<50 {
            let raw = try await RawConnection.open(address)
            try await raw.send([0x16, 0x03, 0x01])
            idle.append(raw)
        }
        let response = try await client.send(.get, "https://localhost:\(address.port)/")
        #expect(response.status == .ok, "a real client is served while 50 handshakes stall")
        for raw in idle { raw.close() }
        await server.stop()
    }
}

@Suite(
    "TLS stream closing", .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSClosingTests {
    @Test("close wakes a waiting reader", arguments: [true, false])
    func closeWakesReader(isTLS: Bool) async throws {
        let pki = try await TestPKI.shared()
        let listener = try TLSListener(configuration: isTLS ? pki.serverConfiguration : nil)
        defer { listener.close() }
        async let accepted = listener.accept(handshakeTimeout: .seconds(30))
        let stream =
            isTLS
            ? try await TLSStream.connect(
                to: listener.address, serverName: "localhost", configuration: pki.clientConfiguration)
            : try await TLSStream.connectWithoutTLS(to: listener.address)
        let server = try await accepted

        let reader = Task { await capture { try await stream.read(timeout: .seconds(10)) } }
        let reactor = try Reactor.shared()
        var yields = 0
        while !reactor.isWaiting(on: stream.socket.socket.descriptor) && yields < 1_000_000 {
            await Task.yield()
            yields += 1
        }
        try #require(reactor.isWaiting(on: stream.socket.socket.descriptor), "the reader waits on the reactor")
        // The server never closes its side, so closing waits out this linger deadline.
        await stream.close(timeout: .milliseconds(300))
        if case .failure(let error) = await reader.value {
            #expect(
                (error as? LabKitError)?.code == .connectionClosed,
                "closing the stream ends a read in progress at once, as closed, not at its deadline and not with a read of a closed descriptor: \(error)"
            )
        }
        await server.close(timeout: .zero)
    }
}
