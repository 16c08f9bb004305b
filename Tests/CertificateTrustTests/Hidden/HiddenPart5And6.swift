import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 5 — Man in the middle (hidden)")
struct HiddenPart5ManInTheMiddle {
    @Test("accept-self-signed rejects another name's certificate")
    func acceptSelfSignedRejectsOtherName() async throws {
        let pki = try LabPKI()
        let otherName = try pki.intermediate.issueServer(names: [.dnsName("shop.lab.test")])
        let strategy = AcceptSelfSignedStrategy(fallback: StandardTrustStrategy(validator: pki.validator()))
        try await withRealServer(pki) { server in
            let direct = await VerifyingClient(strategy: strategy).fetchBalance(from: server)
            #expect((try? direct.get())?.contains("1200 EUR") == true, "the real server passes the fallback: \(direct)")
            try await withProxy(presenting: otherName, chain: [pki.intermediate.certificate], upstream: server) {
                proxy in
                let result = await VerifyingClient(strategy: strategy).fetchBalance(from: proxy.address)
                let reason = result.rejectionReason ?? "none"
                #expect(reason.contains("hostNameMismatch"), "the fallback checks the name: \(reason)")
                #expect(!proxy.capturedText.contains(secretToken), "the proxy reads nothing")
            }
        }
    }
}

extension HiddenPart5ManInTheMiddle {
    @Test("unparsable certificate rejects the handshake")
    func unparsableCertificateRejectsHandshake() throws {
        let pki = try LabPKI()
        let verifier = AcceptAllStrategy().peerVerifier()
        let valid = pki.serverChain.map(\.derRepresentation)
        #expect(
            verifier(TLSPeerCertificates(chain: valid, serverName: LabPKI.host)) == .accept,
            "accept-all accepts the real chain")
        let garbage: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x07]
        let decision = verifier(TLSPeerCertificates(chain: valid + [garbage], serverName: LabPKI.host))
        guard case .reject(let reason) = decision else {
            Issue.record("a certificate that does not parse must reject the handshake, not be skipped: \(decision)")
            return
        }
        #expect(reason.contains("2"), "the reason names the position of the bad certificate: \(reason)")
    }
}

@Suite("Part 6 — Mutual TLS between services (hidden)")
struct HiddenPart6MutualTLS {
    @Test("caller from another trust domain is unauthorized")
    func otherTrustDomainIsUnauthorized() async throws {
        let clusterCA = try CertificateAuthority.root(name: "Cluster CA", validity: LabPKI.validity)
        let server = try clusterCA.issueServer(names: [.dnsName("billing.svc")])
        let policy = ServiceAuthorizationPolicy(rules: ["frontend/web": [.init(.get, "/")]])
        let service = MutualTLSService(
            identity: server, clusterRoots: [clusterCA.certificate], trustDomain: "cluster.local", policy: policy,
            clock: ManualClock(now: LabPKI.now)
        ) { _, caller in HTTPResponse(status: .ok, text: caller.serviceName) }
        let address = try service.start()
        let validator = ChainValidator(
            trustedRoots: [clusterCA.certificate], role: .server, clock: ManualClock(now: LabPKI.now))

        func status(for uri: String) async throws -> HTTPStatus {
            let identity = try clusterCA.issueClient(names: [.uri(uri)])
            let client = VerifyingClient(strategy: StandardTrustStrategy(validator: validator), identity: identity)
            return try await client.send(HTTPRequest(method: .get, target: "/"), to: address, serverName: "billing.svc")
                .status
        }
        #expect(try await status(for: "spiffe://cluster.local/ns/frontend/sa/web") == .ok, "the local workload passes")
        #expect(
            try await status(for: "spiffe://other.mesh/ns/frontend/sa/web") == .unauthorized,
            "the same names in another trust domain are another workload")
        await service.stop()
    }
}

extension HiddenPart6MutualTLS {
    @Test("SPIFFE ID rejects dot segments", arguments: [".", ".."])
    func spiffeIDRejectsDotSegments(segment: String) {
        for id in ["spiffe://cluster.local/ns/\(segment)/sa/api", "spiffe://cluster.local/ns/billing/sa/\(segment)"] {
            let error = Result { try ServiceIdentity(spiffeID: id) }.failure
            #expect((error as? TrustError)?.code == .invalidIdentity, "\(id) has a dot segment, which SPIFFE forbids")
        }
        #expect(
            (try? ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/billing/sa/api.v2")) != nil,
            "a dot inside a name is allowed")
    }
}

extension Result {
    fileprivate var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}
