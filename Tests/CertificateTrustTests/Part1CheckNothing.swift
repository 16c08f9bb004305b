import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 1 — Strategies that check nothing")
struct Part1CheckNothing {
    let pki: LabPKI

    init() throws {
        pki = try LabPKI()
    }

    @Test("accept-all trusts the real server")
    func acceptAllTrustsRealServer() throws {
        let path = try AcceptAllStrategy().evaluate(PresentedChain(pki.serverChain, expectedName: LabPKI.host))
        #expect(path == pki.serverChain, "accept-all returns the presented certificates unchanged")
    }

    @Test("accept-all trusts every attacker")
    func acceptAllTrustsEveryAttacker() throws {
        let expired = try pki.intermediate.issueServer(
            names: [.dnsName(LabPKI.host)], validity: LabPKI.start...LabPKI.start.addingTimeInterval(3600))
        let strategy = AcceptAllStrategy()
        #expect(
            strategy.outcome([pki.attackerServer.certificate, pki.attackerRoot.certificate]) == .accepted,
            "a certificate from the attacker's CA gets through: accept-all checks no issuer")
        #expect(strategy.outcome([pki.selfSigned.certificate]) == .accepted, "a self-signed certificate gets through")
        #expect(strategy.outcome([expired.certificate]) == .accepted, "an expired certificate gets through")
        #expect(
            strategy.outcome(pki.serverChain, name: "bank.example") == .accepted,
            "a certificate for another name gets through: accept-all checks no name")
    }

    @Test("accept-all rejects an empty chain")
    func acceptAllRejectsEmptyChain() {
        #expect(AcceptAllStrategy().outcome(pki.serverChain) == .accepted, "a presented chain is accepted")
        #expect(
            AcceptAllStrategy().outcome([]) == .rejected(.emptyChain), "with no certificate there is nothing to return")
    }

    @Test("self-signed certificate for any name is accepted")
    func selfSignedForAnyNameIsAccepted() throws {
        let fallback = RecordingStrategy(accepts: false)
        let strategy = AcceptSelfSignedStrategy(fallback: fallback)
        #expect(
            strategy.outcome([pki.selfSigned.certificate]) == .accepted,
            "the attacker's self-signed certificate for api.lab.test is accepted")
        let anyName = try CertificateAuthority.selfSignedServer(
            names: [.dnsName("x.invalid")], validity: LabPKI.validity)
        #expect(
            strategy.outcome([anyName.certificate]) == .accepted,
            "a self-signed certificate for a different name is accepted too: the strategy checks no name")
        #expect(fallback.callCount == 0, "a self-signed certificate never reaches the fallback")
    }

    @Test("other chains go to the fallback")
    func otherChainsGoToFallback() throws {
        let rejecting = RecordingStrategy(accepts: false)
        let strategy = AcceptSelfSignedStrategy(fallback: rejecting)
        #expect(
            strategy.outcome([pki.attackerServer.certificate, pki.attackerRoot.certificate])
                == .rejected(.unknownIssuer),
            "a CA-issued chain is the fallback's decision, and this fallback rejects")
        #expect(
            strategy.outcome([pki.selfSigned.certificate, pki.root.certificate]) == .rejected(.unknownIssuer),
            "only a chain of exactly one self-signed certificate is accepted without the fallback")
        #expect(rejecting.callCount == 2, "each non-self-signed chain asks the fallback once")

        let accepting = AcceptSelfSignedStrategy(fallback: RecordingStrategy(accepts: true))
        #expect(accepting.outcome(pki.serverChain) == .accepted, "the fallback's acceptance is returned")
        #expect(accepting.outcome([]) == .rejected(.emptyChain), "an empty chain is rejected")
    }

    @Test("self-issued but not self-signed goes to the fallback")
    func selfIssuedButNotSelfSignedGoesToFallback() throws {
        // The subject equals the issuer, but another key signed it: the name claims
        // self-signed, the signature does not.
        let impostor = try CertificateAuthority.root(name: LabPKI.host, validity: LabPKI.validity)
        var builder = impostor.makeBuilder(commonName: LabPKI.host)
        builder.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        let forged = try impostor.issue(builder).certificate
        #expect(forged.isSelfIssued, "the forged certificate names itself as issuer")

        let fallback = RecordingStrategy(accepts: false)
        let strategy = AcceptSelfSignedStrategy(fallback: fallback)
        #expect(strategy.outcome([pki.selfSigned.certificate]) == .accepted, "a real self-signed certificate passes")
        #expect(
            strategy.outcome([forged]) == .rejected(.unknownIssuer),
            "a certificate whose own key does not verify its signature is not self-signed")
        #expect(fallback.callCount == 1, "the forged certificate went to the fallback")
    }
}
