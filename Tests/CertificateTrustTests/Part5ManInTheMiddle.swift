import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 5 — Man in the middle")
struct Part5ManInTheMiddle {
    let pki: LabPKI
    /// A certificate the trusted CA issued, but for a name the attacker owns.
    let otherName: CertifiedKey

    init() throws {
        pki = try LabPKI()
        otherName = try pki.intermediate.issueServer(names: [.dnsName("shop.lab.test")])
    }

    /// The three interceptions: the attacker's CA, a self-signed certificate, and a valid
    /// certificate for another name.
    private var attacks: [(name: String, identity: CertifiedKey, chain: [Certificate])] {
        [
            ("attacker's CA", pki.attackerServer, [pki.attackerRoot.certificate]),
            ("self-signed", pki.selfSigned, []),
            ("another name", otherName, [pki.intermediate.certificate]),
        ]
    }

    /// Expects `strategy` to be fooled by a proxy presenting `identity`: the request gets
    /// through and the proxy reads the secret.
    private func expectFooled(
        _ strategy: any TrustStrategy, by identity: CertifiedKey, chain: [Certificate], upstream: SocketAddress,
        _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await withProxy(presenting: identity, chain: chain, upstream: upstream) { proxy in
            let result = await VerifyingClient(strategy: strategy).fetchBalance(from: proxy.address)
            #expect(
                (try? result.get())?.contains("1200 EUR") == true,
                "\(comment): the request reaches the real server through the proxy (\(result))",
                sourceLocation: sourceLocation)
            #expect(
                proxy.capturedText.contains(secretToken), "\(comment): the proxy reads the token",
                sourceLocation: sourceLocation)
        }
    }

    /// Expects `strategy` to reject a proxy presenting `identity`, with a reason naming `code`.
    private func expectRejected(
        _ strategy: any TrustStrategy, by identity: CertifiedKey, chain: [Certificate], upstream: SocketAddress,
        code: TrustError.Code, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await withProxy(presenting: identity, chain: chain, upstream: upstream) { proxy in
            let result = await VerifyingClient(strategy: strategy).fetchBalance(from: proxy.address)
            let reason = result.rejectionReason ?? "none: the request succeeded"
            #expect(
                reason.contains(code.description), "\(comment): the handshake fails naming \(code); reason: \(reason)",
                sourceLocation: sourceLocation)
            #expect(
                !proxy.capturedText.contains(secretToken), "\(comment): the proxy reads nothing",
                sourceLocation: sourceLocation)
        }
    }

    @Test("accept-all is fooled by every proxy")
    func acceptAllIsFooled() async throws {
        try await withRealServer(pki) { server in
            for attack in attacks {
                try await expectFooled(
                    AcceptAllStrategy(), by: attack.identity, chain: attack.chain, upstream: server, "\(attack.name)")
            }
        }
    }

    @Test("proxy serves others while one stalls")
    func proxyServesOthersWhileOneStalls() async throws {
        try await withRealServer(pki) { server in
            try await withProxy(presenting: pki.selfSigned, upstream: server) { proxy in
                // A client that connects and never starts its handshake must not hold the
                // proxy up: an attacker serves every victim at once.
                let silent = try await TLSStream.connectWithoutTLS(to: proxy.address)
                let result = await VerifyingClient(strategy: AcceptAllStrategy()).fetchBalance(from: proxy.address)
                #expect(
                    (try? result.get())?.contains("1200 EUR") == true,
                    "accept-all reaches the real server through the proxy while another client stalls (\(result))")
                #expect(proxy.capturedText.contains(secretToken), "and the proxy reads the token")
                await silent.close()
            }
        }
    }

    @Test("accept-self-signed is fooled by a self-signed proxy")
    func acceptSelfSignedIsFooled() async throws {
        let strategy = AcceptSelfSignedStrategy(fallback: StandardTrustStrategy(validator: pki.validator()))
        try await withRealServer(pki) { server in
            try await expectFooled(
                strategy, by: pki.selfSigned, chain: [], upstream: server,
                "a self-signed certificate skips the fallback's validation")
            try await expectRejected(
                strategy, by: pki.attackerServer, chain: [pki.attackerRoot.certificate], upstream: server,
                code: .unknownIssuer, "the attacker's CA goes to the fallback")
        }
    }

    @Test("chain validation alone is fooled by another name")
    func chainValidationAloneIsFooled() async throws {
        let validator = pki.validator()
        try await withRealServer(pki) { server in
            try await expectFooled(
                validator, by: otherName, chain: [pki.intermediate.certificate], upstream: server,
                "a valid certificate for shop.lab.test passes a check that ignores the name")
            try await expectRejected(
                validator, by: pki.attackerServer, chain: [pki.attackerRoot.certificate], upstream: server,
                code: .unknownIssuer, "the attacker's CA is not trusted")
        }
    }

    @Test("standard validation rejects every proxy")
    func standardValidationRejects() async throws {
        let strategy = StandardTrustStrategy(validator: pki.validator())
        let codes: [TrustError.Code] = [.unknownIssuer, .selfSigned, .hostNameMismatch]
        try await withRealServer(pki) { server in
            let direct = await VerifyingClient(strategy: strategy).fetchBalance(from: server)
            #expect((try? direct.get())?.contains("1200 EUR") == true, "the real server is accepted: \(direct)")
            for (attack, code) in zip(attacks, codes) {
                try await expectRejected(
                    strategy, by: attack.identity, chain: attack.chain, upstream: server, code: code, "\(attack.name)")
            }
        }
    }

    @Test("pinning rejects every proxy")
    func pinningRejects() async throws {
        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate))
        let strategy = PinningStrategy(base: StandardTrustStrategy(validator: pki.validator()), pins: pins)
        let codes: [TrustError.Code] = [.unknownIssuer, .selfSigned, .hostNameMismatch]
        try await withRealServer(pki) { server in
            let direct = await VerifyingClient(strategy: strategy).fetchBalance(from: server)
            #expect((try? direct.get())?.contains("1200 EUR") == true, "the pinned real server is accepted: \(direct)")
            for (attack, code) in zip(attacks, codes) {
                try await expectRejected(
                    strategy, by: attack.identity, chain: attack.chain, upstream: server, code: code, "\(attack.name)")
            }
        }
    }

    @Test("pinning rejects a trusted CA's certificate for the name")
    func pinningRejectsMisissuedCertificate() async throws {
        // The trusted CA is tricked into issuing a certificate for api.lab.test to the attacker.
        let misissued = try pki.intermediate.issueServer(names: [.dnsName(LabPKI.host)])
        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate))
        let pinning = PinningStrategy(base: StandardTrustStrategy(validator: pki.validator()), pins: pins)
        try await withRealServer(pki) { server in
            try await expectFooled(
                StandardTrustStrategy(validator: pki.validator()), by: misissued, chain: [pki.intermediate.certificate],
                upstream: server, "standard validation trusts any certificate its CAs issue for the name")
            try await expectRejected(
                pinning, by: misissued, chain: [pki.intermediate.certificate], upstream: server, code: .pinMismatch,
                "pinning accepts only the server's own key")
        }
    }
}
