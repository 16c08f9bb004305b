import Foundation
import Synchronization
import Testing

@testable import LabKit

/// The LabKit HTTPS client checked against an independent server: `openssl s_server`.
@Suite(
    "HTTPS client against openssl s_server",
    .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSClientToolInteropTests {
    /// Writes the server's and the roots' PEM files for `s_server`.
    private func serverFiles(_ pki: TestPKI) throws -> ScratchDirectory {
        let directory = try ScratchDirectory()
        try directory.write(Data(pki.serverCertificatePEM.utf8), to: "server.pem")
        try directory.write(Data(pki.intermediatePEM.utf8), to: "intermediate.pem")
        try directory.write(Data(pki.serverKeyPEM.utf8), to: "server.key")
        try directory.write(Data(pki.rogueCertificatePEM.utf8), to: "rogue.pem")
        try directory.write(Data(pki.rogueKeyPEM.utf8), to: "rogue.key")
        try directory.write(Data(pki.rootPEM.utf8), to: "root.pem")
        return directory
    }

    private static let serverIdentity = [
        "-cert", "server.pem", "-cert_chain", "intermediate.pem", "-key", "server.key",
    ]

    @Test("client fetches from s_server", arguments: [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
    func fetches(versionFlag: String, version: String) async throws {
        let pki = try await TestPKI.shared()
        let files = try serverFiles(pki)
        let server = try await OpenSSLServer.start(Self.serverIdentity + [versionFlag], in: files)
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        let result = await capture { try await client.send(.get, "https://localhost:\(server.port)/") }
        client.shutdown()
        await server.stop()

        let response = try result.get()
        #expect(response.status == .ok, "s_server -www answers 200")
        let page = response.bodyText ?? ""
        #expect(page.contains("s_server -accept"), "the body is s_server's status page, read to the close: \(page)")
        #expect(page.contains("New, \(version), Cipher is"), "the session used \(version)")
    }

    @Test("client rejects s_server's rogue certificate")
    func rejectsRogue() async throws {
        let pki = try await TestPKI.shared()
        let files = try serverFiles(pki)
        let server = try await OpenSSLServer.start(["-cert", "rogue.pem", "-key", "rogue.key"], in: files)
        let client = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        let result = await capture { try await client.send(.get, "https://localhost:\(server.port)/") }
        client.shutdown()
        await server.stop()

        let error = try #require(result.tlsError, "a self-signed certificate for localhost must fail: \(result)")
        #expect(error.code == .certificateRejected, "\(error)")
    }

    @Test("client certificate reaches s_server")
    func presentsClientCertificate() async throws {
        let pki = try await TestPKI.shared()
        let files = try serverFiles(pki)
        let server = try await OpenSSLServer.start(
            Self.serverIdentity + ["-Verify", "2", "-CAfile", "root.pem", "-verify_return_error"], in: files)
        let mutual = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.mutualClientConfiguration))
        let withCertificate = await capture { try await mutual.send(.get, "https://localhost:\(server.port)/") }
        mutual.shutdown()
        let plain = HTTPClient(configuration: .init(connectTimeout: .seconds(30), tls: pki.clientConfiguration))
        let without = await capture { try await plain.send(.get, "https://localhost:\(server.port)/") }
        plain.shutdown()
        await server.stop()

        let page = try withCertificate.get().bodyText ?? ""
        #expect(page.contains("Client certificate"), "s_server verified the client's chain: \(page)")
        #expect(page.contains("Subject: CN = orders") || page.contains("Subject: CN=orders"), "\(page)")
        #expect(without.value == nil, "s_server requires a certificate, so a client without one fails: \(without)")
    }
}

/// An `openssl s_server -www` on 127.0.0.1 and a port the system chose, which responds to
/// each request with a page describing the TLS session.
///
/// The class is `@unchecked Sendable` because its `Process` is touched only by `start` and
/// `stop`, which a test calls one after the other.
final class OpenSSLServer: @unchecked Sendable {
    let port: UInt16
    private let process: Process

    private init(port: UInt16, process: Process) {
        self.port = port
        self.process = process
    }

    /// Starts `s_server` with `arguments` in `directory` and waits until it listens.
    static func start(_ arguments: [String], in directory: ScratchDirectory) async throws -> OpenSSLServer {
        let openssl = try #require(findExecutable("openssl"), "openssl is on PATH")
        let process = Process()
        process.executableURL = openssl
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-www"] + arguments
        process.currentDirectoryURL = directory.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()

        // A server that does not report its port within 30 s is stopped, which ends the read.
        let listening = Mutex(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
            if !listening.withLock({ $0 }) { kill(process.processIdentifier, SIGKILL) }
        }

        let reader = output.fileHandleForReading
        let (port, text) = try await onOwnThread { () -> (UInt16?, String) in
            var text = ""
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { return (nil, text) }
                text += String(decoding: chunk, as: UTF8.self)
                if let port = Self.acceptedPort(in: text) { return (port, text) }
            }
        }
        listening.withLock { $0 = port != nil }
        if port == nil { kill(process.processIdentifier, SIGKILL) }
        let listeningPort = try #require(port, "openssl s_server did not start: \(text)")
        // Keep reading, so that the server never blocks on a full pipe.
        Thread.detachNewThread {
            while !reader.availableData.isEmpty {}
        }
        return OpenSSLServer(port: listeningPort, process: process)
    }

    /// Returns the port of the `ACCEPT 127.0.0.1:PORT` line that `s_server` prints when it listens.
    private static func acceptedPort(in text: String) -> UInt16? {
        for line in text.split(separator: "\n") where line.hasPrefix("ACCEPT 127.0.0.1:") {
            return UInt16(line.dropFirst("ACCEPT 127.0.0.1:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Stops the server and waits for it to exit.
    func stop() async {
        let process = process
        // SIGKILL, because a child of Foundation's Process can inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        _ = try? await onOwnThread { process.waitUntilExit() }
    }
}
