import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 1 — Strategies that check nothing (hidden)")
struct HiddenPart1CheckNothing {
    @Test("accept-self-signed rejects an empty chain")
    func acceptSelfSignedRejectsEmptyChain() throws {
        let pki = try LabPKI()
        let strategy = AcceptSelfSignedStrategy(fallback: RecordingStrategy(accepts: true))
        #expect(strategy.outcome([pki.selfSigned.certificate]) == .accepted, "a self-signed certificate passes")
        #expect(strategy.outcome([]) == .rejected(.emptyChain), "no certificate is never self-signed")
    }
}

@Suite("Part 2 — Chain validation (hidden)")
struct HiddenPart2ChainValidation {
    @Test("trusted self-signed leaf is accepted")
    func trustedSelfSignedLeafIsAccepted() throws {
        let pki = try LabPKI()
        let validator = ChainValidator(
            trustedRoots: [pki.root.certificate, pki.selfSigned.certificate], role: .server,
            clock: ManualClock(now: LabPKI.now))
        #expect(
            try validator.evaluate(PresentedChain([pki.selfSigned.certificate])) == [pki.selfSigned.certificate],
            "a self-signed certificate that is itself a trust anchor is a path of one")
    }

    @Test("attacker's intermediate under the attacker's root is rejected")
    func attackerIntermediateIsRejected() throws {
        let pki = try LabPKI()
        let attackerIntermediate = try pki.attackerRoot.intermediate(name: "Lab Issuing CA")
        let leaf = try attackerIntermediate.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let validator = pki.validator()
        #expect(validator.outcome(pki.serverChain) == .accepted, "the real chain passes")
        #expect(
            validator.outcome([leaf, attackerIntermediate.certificate, pki.attackerRoot.certificate])
                == .rejected(.unknownIssuer),
            "an intermediate that copies the real intermediate's name but chains to the attacker is rejected")
    }
}

@Suite("Part 3 — Host name verification (hidden)")
struct HiddenPart3HostNames {
    @Test("wildcard does not match across a suffix")
    func wildcardDoesNotMatchAcrossSuffix() {
        #expect(HostNameVerifier.matches(pattern: "*.lab.test", host: "www.lab.test"), "one label is covered")
        #expect(!HostNameVerifier.matches(pattern: "*.lab.test", host: "www.evillab.test"), "labels compare whole")
        #expect(!HostNameVerifier.matches(pattern: "*.lab.test", host: "www.lab.test.evil"), "the suffix is exact")
        #expect(!HostNameVerifier.matches(pattern: "*.lab.test", host: "*.lab.test"), "a host is never a wildcard")
    }
}

@Suite("Part 4 — Pinning (hidden)")
struct HiddenPart4Pinning {
    @Test("pins count only on a trusted chain")
    func pinningDoesNotReplaceValidation() throws {
        let pki = try LabPKI()
        let pins = try PinSet(primary: PinSet.pin(of: pki.attackerRoot.certificate))
        let strategy = PinningStrategy(base: StandardTrustStrategy(validator: pki.validator()), pins: pins)
        #expect(
            PinningStrategy(base: AcceptAllStrategy(), pins: pins).outcome(
                [pki.attackerServer.certificate, pki.attackerRoot.certificate]) == .accepted,
            "over accept-all, a pin on the presented chain matches")
        #expect(
            strategy.outcome([pki.attackerServer.certificate, pki.attackerRoot.certificate])
                == .rejected(.unknownIssuer),
            "over standard validation, the chain must be trusted before any pin counts")
    }
}
