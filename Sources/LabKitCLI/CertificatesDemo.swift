import CertificateTrust
import Foundation
import LabKit

/// `labkit serve certificates`: the Lab 3 man-in-the-middle demo on 127.0.0.1.
///
/// It starts the real HTTPS server of `api.lab.test` and four interception proxies in
/// front of it, and writes the CA certificate that clients trust to a temporary folder.
/// It then runs the lab's trust strategies, as this build compiled them (the student's code
/// from Labs/, or the solution with `LABKIT_SOLUTIONS=1`), against the server and each
/// proxy and prints their verdicts. Last it prints `openssl s_client` and `curl` commands
/// whose outcomes match the Part 5 tests.
/// Every certificate and key is generated at start and kept in memory; only certificates
/// are written to disk.
enum CertificatesDemo {
    static let host = "api.lab.test"

    /// Starts the server and the proxies, prints the commands to try, and runs until interrupted.
    /// - Parameters:
    ///   - port: The real server's port on 127.0.0.1; the proxies take the next four ports.
    ///     With 0, every port is chosen by the system.
    ///   - logger: Where the server and the proxies log.
    static func serve(port: UInt16, logger: Logger) async throws {
        guard port == 0 || port <= UInt16.max - 4 else {
            throw UsageError(
                "--port \(port) leaves no room for the four proxies on the ports after it; use a lower port")
        }
        let demo = try await Deployment.start(port: port, logger: logger)
        let verdicts = await demo.strategyVerdicts()
        FileHandle.standardOutput.write(Data((verdicts + "\n\n" + demo.instructions + "\n").utf8))
        logger.info("certificates demo started", metadata: ["folder": demo.folder.path])
        let signal = await InterruptSignal.wait()
        logger.info("stopping the certificates demo", metadata: ["signal": signal])
        await demo.stop()
        logger.info("certificates demo stopped")
    }
}

// MARK: - The deployment

extension CertificatesDemo {
    /// The real server, the proxies in front of it, and the folder with the CA certificate.
    private struct Deployment {
        let folder: URL
        let server: HTTPServer
        let serverAddress: SocketAddress
        let proxies: [(name: String, proxy: InterceptionProxy, explanation: String)]
        let serverPin: String
        let trustedRoot: Certificate

        static func start(port: UInt16, logger: Logger) async throws -> Deployment {
            let now = Date()
            let validity = now.addingTimeInterval(-3600)...now.addingTimeInterval(7 * 86_400)
            let root = try CertificateAuthority.root(name: "Lab Root CA", validity: validity)
            let issuing = try root.intermediate(name: "Lab Issuing CA")
            let server = try issuing.issueServer(names: [.dnsName(host), .ipAddress([127, 0, 0, 1])])
            let attackerRoot = try CertificateAuthority.root(name: "Attacker CA", validity: validity)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "labkit-certificates-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try root.certificate.pemRepresentation.write(
                to: folder.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
            try attackerRoot.certificate.pemRepresentation.write(
                to: folder.appendingPathComponent("attacker-ca.pem"), atomically: true, encoding: .utf8)

            let tls = TLSConfiguration.server(
                certificateChainPEM: Certificate.pemBundle([server.certificate, issuing.certificate]),
                privateKeyPEM: try server.privateKeyPEM)
            let httpServer = HTTPServer(configuration: .init(port: port, tls: tls), logger: logger) { request in
                HTTPResponse(
                    status: .ok, text: "balance for \(request.headers["Authorization"] ?? "nobody"): 1200 EUR\n")
            }
            let serverAddress = try httpServer.start()

            let attacks: [(String, CertifiedKey, [Certificate], String)] = [
                (
                    "attacker-ca", try attackerRoot.issueServer(names: [.dnsName(host)]), [attackerRoot.certificate],
                    "a certificate for \(host) from the attacker's own CA"
                ),
                (
                    "self-signed",
                    try CertificateAuthority.selfSignedServer(names: [.dnsName(host)], validity: validity),
                    [], "a self-signed certificate for \(host)"
                ),
                (
                    "other-name", try issuing.issueServer(names: [.dnsName("shop.lab.test")]), [issuing.certificate],
                    "a valid certificate from the trusted CA, but for shop.lab.test"
                ),
                (
                    "misissued", try issuing.issueServer(names: [.dnsName(host)]), [issuing.certificate],
                    "a valid certificate for \(host) from the trusted CA, with the attacker's key"
                ),
            ]
            var proxies: [(String, InterceptionProxy, String)] = []
            for (index, attack) in attacks.enumerated() {
                let proxyPort = port == 0 ? 0 : port + UInt16(index + 1)
                let proxy = try InterceptionProxy(
                    presenting: attack.1, chain: attack.2, upstream: serverAddress, port: proxyPort,
                    logger: logger.with(metadata: ["proxy": attack.0]))
                proxy.start()
                proxies.append((attack.0, proxy, attack.3))
            }
            return Deployment(
                folder: folder, server: httpServer, serverAddress: serverAddress, proxies: proxies,
                serverPin: server.certificate.publicKeyPin, trustedRoot: root.certificate)
        }

        func stop() async {
            for entry in proxies {
                entry.proxy.stop()
            }
            await server.stop()
            // The folder holds only certificates, but it is the demo's own and goes with it.
            try? FileManager.default.removeItem(at: folder)
        }

        /// Sends one request through each of the lab's strategies to the server and to each
        /// proxy, and returns a table of what each strategy decided.
        func strategyVerdicts() async -> String {
            let validator = ChainValidator(trustedRoots: [trustedRoot], role: .server, clock: SystemClock())
            let standard = StandardTrustStrategy(validator: validator)
            var strategies: [(String, (any TrustStrategy)?)] = [
                ("accept all", AcceptAllStrategy()),
                ("accept self-signed", AcceptSelfSignedStrategy(fallback: standard)),
                ("chain validation", validator),
                ("standard", standard),
            ]
            // On the scaffold PinSet.init throws, and the row shows "not implemented".
            strategies.append(("pinning", try? PinningStrategy(base: standard, pins: PinSet(primary: serverPin))))
            let targets = [("server", serverAddress)] + proxies.map { ($0.name, $0.proxy.address) }
            var rows: [[String]] = [["strategy"] + targets.map(\.0)]
            for (name, strategy) in strategies {
                var row = [name]
                for (_, address) in targets {
                    row.append(await Self.verdict(of: strategy, at: address))
                }
                rows.append(row)
            }
            let width = rows.flatMap { $0 }.map(\.count).max() ?? 0
            var lines = ["Your strategies, as this build compiled them, requesting https://\(host)/balance:"]
            for row in rows {
                let padded = row.map { $0.padding(toLength: width + 2, withPad: " ", startingAt: 0) }.joined()
                lines.append("  " + padded.trimmingCharacters(in: .whitespaces))
            }
            lines.append("  (accepted on a proxy means the proxy read the Authorization header)")
            return lines.joined(separator: "\n")
        }

        /// Returns `accepted`, or `rejected:` and the trust error code from the handshake's reason.
        private static func verdict(of strategy: (any TrustStrategy)?, at address: SocketAddress) async -> String {
            guard let strategy else { return "not implemented" }
            let request = HTTPRequest(method: .get, target: "/balance", headers: ["Authorization": "Bearer s3cret"])
            do {
                _ = try await VerifyingClient(strategy: strategy).send(request, to: address, serverName: host)
                return "accepted"
            } catch let error as TLSError {
                let reason = error.reason ?? error.description
                if reason.contains("not implemented") {
                    return "not implemented"
                }
                return "rejected: " + String(reason.prefix { $0 != ":" }.prefix(30))
            } catch {
                return "failed: \(error)".prefix(40).description
            }
        }

        var instructions: String {
            let ca = folder.appendingPathComponent("ca.pem").path
            let serverPort = serverAddress.port
            let ports = proxies.map { "\($0.proxy.address.port)" }
            let proxyLines = proxies.map { entry in
                "  \(entry.name.padding(toLength: 12, withPad: " ", startingAt: 0)) 127.0.0.1:\(entry.proxy.address.port)  \(entry.explanation)"
            }.joined(separator: "\n")
            func sClient(_ port: String) -> String {
                "openssl s_client -connect 127.0.0.1:\(port) -servername \(host) -verify_hostname \(host) "
                    + "-CAfile \(ca) -verify_return_error -brief </dev/null"
            }
            func curl(_ port: String, _ options: String) -> String {
                "curl \(options) --resolve \(host):\(port):127.0.0.1 -H 'Authorization: Bearer s3cret' https://\(host):\(port)/balance"
            }
            return """
                Lab 3 man-in-the-middle demo. The CA that clients trust is in \(folder.path)/ca.pem.

                  server       127.0.0.1:\(serverPort)  the real https://\(host), with a chain from the trusted CA
                \(proxyLines)

                Each proxy relays to the real server and reads what a client sends, when the client accepts it.
                Pin of the real server's key: sha256//\(serverPin)

                1. OpenSSL's verifier, like the standard strategy of Part 3:
                     \(sClient("\(serverPort)"))
                       → Verification: OK
                     \(sClient(ports[0]))
                       → verify error:num=19:self-signed certificate in certificate chain (the proxy sends the attacker's root)
                     \(sClient(ports[1]))
                       → verify error:num=18:self-signed certificate
                     \(sClient(ports[2]))
                       → verify error:num=62:hostname mismatch
                     \(sClient(ports[3]))
                       → Verification: OK (the trusted CA issued it: only pinning catches this one)

                2. curl, which validates the chain and the name by default:
                     \(curl("\(serverPort)", "--cacert \(ca)"))
                       → balance for Bearer s3cret: 1200 EUR
                     \(curl(ports[0], "--cacert \(ca)"))
                       → curl: (60) SSL certificate problem: self-signed certificate in certificate chain
                     \(curl(ports[2], "--cacert \(ca)"))
                       → curl: (60) SSL: no alternative certificate subject name matches target host name 'api.lab.test'

                3. curl --insecure, like AcceptAllStrategy: every proxy gets the token, and logs the relayed connection.
                     \(curl(ports[0], "--insecure"))
                       → balance for Bearer s3cret: 1200 EUR

                4. curl with a pin, like PinningStrategy on top of validation:
                     \(curl("\(serverPort)", "--cacert \(ca) --pinnedpubkey sha256//\(serverPin)"))
                       → balance for Bearer s3cret: 1200 EUR
                     \(curl(ports[3], "--cacert \(ca)"))
                       → balance for Bearer s3cret: 1200 EUR (fooled: the certificate is valid for the name)
                     \(curl(ports[3], "--cacert \(ca) --pinnedpubkey sha256//\(serverPin)"))
                       → curl: (90) SSL: public key does not match pinned public key

                Stop with Ctrl-C, which also removes the folder.
                """
        }
    }
}
