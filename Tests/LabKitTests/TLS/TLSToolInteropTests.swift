import Foundation
import Testing

@testable import LabKit

/// The LabKit HTTPS server checked by independent clients: `openssl s_client` and `curl`.
@Suite(
    "HTTPS server against openssl and curl",
    .enabled(if: TestPKI.isAvailable, "the openssl command generates the test PKI"))
struct TLSToolInteropTests {
    /// The PKI's files in a scratch directory, for tools that read certificates from files.
    private final class PKIFiles {
        let directory: ScratchDirectory

        init(_ pki: TestPKI) throws {
            directory = try ScratchDirectory()
            try directory.write(Data(pki.rootPEM.utf8), to: "root.pem")
            try directory.write(Data(pki.clientChainPEM.utf8), to: "client-chain.pem")
            try directory.write(Data(pki.clientCertificatePEM.utf8), to: "client.pem")
            try directory.write(Data(pki.intermediatePEM.utf8), to: "intermediate.pem")
            try directory.write(Data(pki.clientKeyPEM.utf8), to: "client.key")
        }

        func path(_ name: String) -> String {
            directory.url.appendingPathComponent(name).path
        }
    }

    /// A handler that returns the path and how many certificates the client sent.
    private static let handler: HTTPHandler = { request in
        let count = request.tls?.peerCertificates?.chain.count ?? 0
        return HTTPResponse(status: .ok, text: "path=\(request.path) client-certificates=\(count)")
    }

    private static let request = "GET /tool HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

    @Test(
        "openssl s_client verifies the server",
        .enabled(if: findExecutable("openssl") != nil, "openssl is not installed"),
        arguments: ["-tls1_2", "-tls1_3"])
    func sClient(versionFlag: String) async throws {
        let pki = try await TestPKI.shared()
        let files = try PKIFiles(pki)
        let openssl = try #require(findExecutable("openssl"))
        let configuration = HTTPServer.Configuration(requestTimeout: .seconds(30), tls: pki.serverConfiguration)
        try await withServer(configuration, handler: Self.handler) { _, address in
            let result = try await runTool(
                openssl,
                [
                    "s_client", "-connect", "127.0.0.1:\(address.port)", "-servername", "localhost",
                    "-CAfile", files.path("root.pem"), "-verify_return_error", "-verify_hostname", "localhost",
                    versionFlag, "-ign_eof",
                ],
                input: Self.request)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("Verify return code: 0 (ok)"), "\(result.output)")
            #expect(result.output.contains("path=/tool client-certificates=0"), "\(result.output)")
        }
    }

    @Test(
        "openssl s_client with a client certificate",
        .enabled(if: findExecutable("openssl") != nil, "openssl is not installed"))
    func sClientMutual() async throws {
        let pki = try await TestPKI.shared()
        let files = try PKIFiles(pki)
        let openssl = try #require(findExecutable("openssl"))
        let configuration = HTTPServer.Configuration(requestTimeout: .seconds(30), tls: pki.mutualServerConfiguration)
        try await withServer(configuration, handler: Self.handler) { _, address in
            let common = [
                "s_client", "-connect", "127.0.0.1:\(address.port)", "-servername", "localhost",
                "-CAfile", files.path("root.pem"), "-verify_return_error", "-ign_eof",
            ]
            let withCertificate = try await runTool(
                openssl,
                common + ["-cert", files.path("client.pem"), "-key", files.path("client.key")]
                    + ["-cert_chain", files.path("intermediate.pem")],
                input: Self.request)
            #expect(withCertificate.output.contains("path=/tool client-certificates=2"), "\(withCertificate.output)")

            let without = try await runTool(openssl, common, input: Self.request)
            #expect(!without.output.contains("path=/tool"), "a client without certificate gets no response")
            #expect(without.output.contains("certificate required"), "\(without.output)")
        }
    }

    @Test("curl --cacert fetches over HTTPS", .enabled(if: findExecutable("curl") != nil, "curl is not installed"))
    func curl() async throws {
        let pki = try await TestPKI.shared()
        let files = try PKIFiles(pki)
        let curl = try #require(findExecutable("curl"))
        let configuration = HTTPServer.Configuration(requestTimeout: .seconds(30), tls: pki.serverConfiguration)
        try await withServer(configuration, handler: Self.handler) { _, address in
            let port = address.port
            let result = try await runTool(
                curl,
                [
                    "--silent", "--show-error", "--cacert", files.path("root.pem"),
                    "--resolve", "localhost:\(port):127.0.0.1", "https://localhost:\(port)/curl",
                ])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output == "path=/curl client-certificates=0")

            let wrongName = try await runTool(
                curl,
                [
                    "--silent", "--cacert", files.path("root.pem"),
                    "--resolve", "orders.test:\(port):127.0.0.1", "https://orders.test:\(port)/",
                ])
            #expect(wrongName.status == 60, "curl rejects a certificate without the name (exit 60)")
        }
    }

    @Test("curl with a client certificate", .enabled(if: findExecutable("curl") != nil, "curl is not installed"))
    func curlMutual() async throws {
        let pki = try await TestPKI.shared()
        let files = try PKIFiles(pki)
        let curl = try #require(findExecutable("curl"))
        let configuration = HTTPServer.Configuration(requestTimeout: .seconds(30), tls: pki.mutualServerConfiguration)
        try await withServer(configuration, handler: Self.handler) { _, address in
            let port = address.port
            let result = try await runTool(
                curl,
                [
                    "--silent", "--show-error", "--cacert", files.path("root.pem"),
                    "--cert", files.path("client-chain.pem"), "--key", files.path("client.key"),
                    "--resolve", "localhost:\(port):127.0.0.1", "https://localhost:\(port)/mutual",
                ])
            #expect(result.output == "path=/mutual client-certificates=2", "\(result.output)")
        }
    }
}
