import Foundation
import Testing

@testable import LabKit

/// A small PKI generated with the `openssl` command at test time, so that no private key
/// is stored in the repository.
///
/// It has a root, an intermediate, server and client certificates issued by the
/// intermediate, and a self-signed "rogue" certificate for `localhost` that nothing trusts.
struct TestPKI: Sendable {
    var rootPEM: String
    var intermediatePEM: String
    var serverCertificatePEM: String
    var serverKeyPEM: String
    var clientCertificatePEM: String
    var clientKeyPEM: String
    var rogueCertificatePEM: String
    var rogueKeyPEM: String
    /// A server certificate for `*.labkit.test` and the partial wildcard `api*.svc.test`.
    var wildcardCertificatePEM: String
    var wildcardKeyPEM: String
    /// The DER of the certificates, as `openssl x509 -outform DER` writes them.
    var serverDER: [UInt8]
    var intermediateDER: [UInt8]
    var clientDER: [UInt8]

    /// The server's certificate followed by the intermediate, as a server sends them.
    var serverChainPEM: String { serverCertificatePEM + intermediatePEM }
    var clientChainPEM: String { clientCertificatePEM + intermediatePEM }

    var serverConfiguration: TLSConfiguration {
        .server(certificateChainPEM: serverChainPEM, privateKeyPEM: serverKeyPEM)
    }

    var clientConfiguration: TLSConfiguration {
        .client(trustedRootsPEM: rootPEM)
    }

    /// A server configuration that requires a client certificate issued under the test root.
    var mutualServerConfiguration: TLSConfiguration {
        .server(
            certificateChainPEM: serverChainPEM, privateKeyPEM: serverKeyPEM,
            clientCertificateMode: .require, trustedRootsPEM: rootPEM)
    }

    /// A client configuration that presents the client certificate.
    var mutualClientConfiguration: TLSConfiguration {
        var configuration = clientConfiguration
        configuration.certificateChainPEM = clientChainPEM
        configuration.privateKeyPEM = clientKeyPEM
        return configuration
    }

    /// Whether the tests that need the PKI can run.
    static let isAvailable = OpenSSLTool.executable != nil

    private static let generated = Task { try await onOwnThread { try generate() } }

    /// Returns the process's PKI, generating it on first use.
    static func shared() async throws -> TestPKI {
        try await generated.value
    }

    private static func generate() throws -> TestPKI {
        let directory = try ScratchDirectory()
        let files = Files(directory: directory)
        try files.makeRoot("root", subject: "/CN=LabKit Test Root")
        try files.issue(
            "intermediate", subject: "/CN=LabKit Test Intermediate", issuer: "root",
            extensions: [
                "basicConstraints=critical,CA:TRUE,pathlen:0", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try files.issue(
            "server", subject: "/CN=localhost", issuer: "intermediate",
            extensions: [
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=serverAuth", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        try files.issue(
            "client", subject: "/CN=orders", issuer: "intermediate",
            extensions: [
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=clientAuth", "subjectAltName=URI:spiffe://labkit.test/orders",
            ])
        try files.issue(
            "wildcard", subject: "/CN=wildcard", issuer: "intermediate",
            extensions: [
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=serverAuth", "subjectAltName=DNS:*.labkit.test,DNS:api*.svc.test",
            ])
        try files.makeRoot(
            "rogue", subject: "/CN=localhost", extraExtension: "subjectAltName=DNS:localhost,IP:127.0.0.1")
        return TestPKI(
            rootPEM: try files.text("root.pem"),
            intermediatePEM: try files.text("intermediate.pem"),
            serverCertificatePEM: try files.text("server.pem"),
            serverKeyPEM: try files.text("server.key"),
            clientCertificatePEM: try files.text("client.pem"),
            clientKeyPEM: try files.text("client.key"),
            rogueCertificatePEM: try files.text("rogue.pem"),
            rogueKeyPEM: try files.text("rogue.key"),
            wildcardCertificatePEM: try files.text("wildcard.pem"),
            wildcardKeyPEM: try files.text("wildcard.key"),
            serverDER: try files.der("server"),
            intermediateDER: try files.der("intermediate"),
            clientDER: try files.der("client")
        )
    }

    /// The `openssl` commands that write the PKI's files into one directory.
    private struct Files {
        let directory: ScratchDirectory

        private static let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

        func makeRoot(_ name: String, subject: String, extraExtension: String? = nil) throws {
            var arguments = ["req", "-x509"] + Self.newKey + ["-keyout", "\(name).key", "-out", "\(name).pem"]
            arguments += ["-days", "2", "-subj", subject]
            arguments += [
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ]
            if let extraExtension {
                arguments += ["-addext", extraExtension]
            }
            try OpenSSLTool.requireBlocking(arguments, in: directory)
        }

        func issue(_ name: String, subject: String, issuer: String, extensions: [String]) throws {
            try OpenSSLTool.requireBlocking(
                ["req", "-new"] + Self.newKey + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject],
                in: directory)
            let extensionText = (extensions + ["subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid"])
                .joined(separator: "\n")
            try directory.write(Data(extensionText.utf8), to: "\(name).ext")
            try OpenSSLTool.requireBlocking(
                [
                    "x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key",
                    "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "2",
                    "-extfile", "\(name).ext", "-out", "\(name).pem",
                ], in: directory)
        }

        func text(_ file: String) throws -> String {
            try String(contentsOf: directory.url.appendingPathComponent(file), encoding: .utf8)
        }

        func der(_ name: String) throws -> [UInt8] {
            try OpenSSLTool.requireBlocking(
                ["x509", "-in", "\(name).pem", "-outform", "DER", "-out", "\(name).der"], in: directory)
            return Array(try Data(contentsOf: directory.url.appendingPathComponent("\(name).der")))
        }
    }
}

/// Runs `body` and captures its result or error, so that both ends of a handshake can be
/// checked after both finish.
func capture<Value>(_ body: () async throws -> Value) async -> Result<Value, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

extension Result {
    /// The error as a `TLSError`, or `nil` for success or another error.
    var tlsError: TLSError? {
        guard case .failure(let error) = self else { return nil }
        return error as? TLSError
    }

    var value: Success? { try? get() }
}

/// Runs a handshake between a new listener and a client.
///
/// - Returns: The server's and the client's outcome.
func handshake(
    server: TLSConfiguration,
    client: TLSConfiguration,
    serverName: String? = "localhost"
) async throws -> (server: Result<TLSStream, any Error>, client: Result<TLSStream, any Error>) {
    let listener = try TLSListener(configuration: server)
    defer { listener.close() }
    async let accepted = capture { try await listener.accept(handshakeTimeout: .seconds(30)) }
    let connected = await capture {
        try await TLSStream.connect(
            to: listener.address, serverName: serverName, configuration: client, timeout: .seconds(30))
    }
    return (await accepted, connected)
}

/// Runs a command-line tool with `input` on standard input and returns its exit status and
/// combined output; it is terminated after `timeout`.
func runTool(
    _ executable: URL,
    _ arguments: [String],
    input: String = "",
    timeout: Duration = .seconds(30)
) async throws -> (status: Int32, output: String) {
    try await onOwnThread {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let seconds = Double(timeout.components.seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Finds an executable on `PATH`.
func findExecutable(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}
