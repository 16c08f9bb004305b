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

extension HiddenPart2ChainValidation {
    @Test("path has at most ten certificates")
    func pathHasAtMostTenCertificates() throws {
        let pki = try LabPKI()
        // The trusted root, then nine intermediates in a line, each issued by the one before.
        var issuers = [pki.root]
        for level in 1...9 {
            issuers.append(try issuers[level - 1].intermediate(name: "Level \(level) CA"))
        }
        let validator = pki.validator()

        let eightDeep = try issuers[8].issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let eightIntermediates = issuers[1...8].reversed().map(\.certificate)
        #expect(
            ChainValidator.maximumPathCertificates == 10, "the limit counts the leaf and the root")
        #expect(
            validator.outcome([eightDeep] + eightIntermediates) == .accepted,
            "leaf, eight intermediates and the root make ten certificates, which is allowed")

        let nineDeep = try issuers[9].issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let nineIntermediates = issuers[1...9].reversed().map(\.certificate)
        #expect(
            validator.outcome([nineDeep] + nineIntermediates) == .rejected(.pathSearchLimitExceeded),
            "leaf, nine intermediates and the root make eleven certificates, one too many")
    }

    @Test("self-issued CA does not count toward path length")
    func selfIssuedCADoesNotCountTowardPathLength() throws {
        let pki = try LabPKI()
        // A CA limited to pathlen 0 renewed its key: its new certificate has the same name,
        // is issued by its old key, and is a self-issued intermediate (RFC 5280 §4.2.1.9).
        let limited = try pki.root.intermediate(name: "Renewing CA", maximumPathLength: 0)
        let renewed = try limited.intermediate(name: "Renewing CA")
        #expect(renewed.certificate.isSelfIssued, "the renewed certificate names its own issuer")
        let leaf = try renewed.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let validator = pki.validator()
        #expect(
            try validator.evaluate(PresentedChain([leaf, renewed.certificate, limited.certificate]))
                == [leaf, renewed.certificate, limited.certificate, pki.root.certificate],
            "the self-issued certificate is not counted against pathlen 0, and the search passes through it")

        let other = try limited.intermediate(name: "Other Name CA")
        let otherLeaf = try other.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        #expect(
            validator.outcome([otherLeaf, other.certificate, limited.certificate]) == .rejected(.pathLengthExceeded),
            "an intermediate with another name under pathlen 0 still counts")
    }

    @Test("keyEncipherment is a server usage only")
    func keyEnciphermentIsServerUsageOnly() throws {
        let pki = try LabPKI()
        var clientBuilder = pki.intermediate.makeBuilder(commonName: "batch")
        clientBuilder.subjectAlternativeNames = [.uri("spiffe://cluster.local/ns/reports/sa/batch")]
        clientBuilder.keyUsage = [.keyEncipherment]
        clientBuilder.extendedKeyUsage = [.clientAuth]
        let client = try pki.intermediate.issue(clientBuilder).certificate
        #expect(
            pki.validator(role: .client).outcome([client, pki.intermediate.certificate], name: nil)
                == .rejected(.usageNotAllowed),
            "a client signs its CertificateVerify message, so keyEncipherment alone does not allow it")

        var serverBuilder = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        serverBuilder.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        serverBuilder.keyUsage = [.keyEncipherment]
        serverBuilder.extendedKeyUsage = [.serverAuth]
        let server = try pki.intermediate.issue(serverBuilder).certificate
        #expect(
            pki.validator().outcome([server, pki.intermediate.certificate]) == .accepted,
            "a server may use keyEncipherment (RSA key exchange)")
    }

    @Test("fractions of a second are truncated")
    func fractionsOfASecondAreTruncated() throws {
        let pki = try LabPKI()
        let notBefore = Date(timeIntervalSince1970: 1_790_000_000)
        let notAfter = Date(timeIntervalSince1970: 1_800_000_000)
        let leaf = try pki.intermediate.issueServer(names: [.dnsName(LabPKI.host)], validity: notBefore...notAfter)
        let chain = [leaf.certificate, pki.intermediate.certificate]
        let clock = ManualClock(now: notAfter + 0.5)
        let validator = pki.validator(clock: clock)
        #expect(validator.outcome(chain) == .accepted, "notAfter + 0.5 s is within the last valid second")
        clock.set(to: notAfter + 1)
        #expect(validator.outcome(chain) == .rejected(.expired), "notAfter + 1 s is expired")
        clock.set(to: notBefore - 0.5)
        #expect(validator.outcome(chain) == .rejected(.notYetValid), "notBefore - 0.5 s is in the second before")
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

    @Test("wildcard covers letters, digits and hyphens only")
    func wildcardCoversHostnameCharactersOnly() {
        #expect(HostNameVerifier.matches(pattern: "*.lab.test", host: "api-2.lab.test"), "letters, digits, hyphen")
        for host in ["a_b.lab.test", "a b.lab.test", "a%2eb.lab.test", "caf\u{E9}.lab.test", "a:1.lab.test"] {
            #expect(
                !HostNameVerifier.matches(pattern: "*.lab.test", host: host),
                "the label of \(host) is not a host name label, so the wildcard does not cover it")
        }
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
