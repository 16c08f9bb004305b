import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 4 — Pinning")
struct Part4Pinning {
    let pki: LabPKI

    init() throws {
        pki = try LabPKI()
    }

    private var standard: StandardTrustStrategy {
        StandardTrustStrategy(validator: pki.validator())
    }

    @Test("pin is base64 SHA-256 of the SPKI")
    func pinIsSHA256OfSPKI() throws {
        let certificate = pki.server.certificate
        let expected = Data(Digest.sha256.hash(certificate.subjectPublicKeyInfo)).base64EncodedString()
        #expect(PinSet.pin(of: certificate) == expected, "pin-sha256 is base64(SHA-256(DER SubjectPublicKeyInfo))")
        #expect(PinSet.pin(of: certificate).count == 44, "a base64 SHA-256 digest is 44 characters")

        let renewed = try pki.intermediate.issue(
            pki.intermediate.makeBuilder(commonName: "renewed"), for: pki.server.privateKey.verificationKey)
        #expect(
            PinSet.pin(of: renewed) == PinSet.pin(of: certificate),
            "a renewed certificate for the same key has the same pin: the pin covers the key, not the certificate")
    }

    @Test("malformed pins are rejected", arguments: ["", "not base64!", "c2hvcnQ=", String(repeating: "A", count: 43)])
    func malformedPinsAreRejected(pin: String) throws {
        let good = PinSet.pin(of: pki.server.certificate)
        #expect(try PinSet(primary: good).primary == good, "a real pin is accepted")
        let error = #expect(throws: LabKitError.self, "\"\(pin)\" is not base64 of 32 bytes") {
            try PinSet(primary: good, backups: [pin])
        }
        #expect(error?.code == .invalidArgument, "a malformed pin is an invalid argument")
        #expect(error?.message.contains("\"\(pin)\"") == true, "the message names the bad pin")
    }

    @Test("pinned leaf or CA key is accepted")
    func pinnedKeyIsAccepted() throws {
        for pinned in [pki.server.certificate, pki.intermediate.certificate, pki.root.certificate] {
            let strategy = PinningStrategy(base: standard, pins: try PinSet(primary: PinSet.pin(of: pinned)))
            #expect(strategy.outcome(pki.serverChain) == .accepted, "a pin of \(pinned.subject) on the path matches")
        }
    }

    @Test("unpinned valid chain is rejected")
    func unpinnedValidChainIsRejected() throws {
        let otherKey = try pki.intermediate.issueServer(names: [.dnsName(LabPKI.host)])
        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate))
        let strategy = PinningStrategy(base: standard, pins: pins)
        #expect(strategy.outcome(pki.serverChain) == .accepted, "the pinned server passes")
        #expect(
            standard.outcome([otherKey.certificate, pki.intermediate.certificate]) == .accepted,
            "without pinning, any key the trusted CA certifies for the name passes")
        #expect(
            strategy.outcome([otherKey.certificate, pki.intermediate.certificate]) == .rejected(.pinMismatch),
            "a CA-issued certificate for another key is rejected: this is what pinning adds")
    }

    @Test("pinning runs on top of validation")
    func pinningRunsOnTopOfValidation() throws {
        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate))
        let strategy = PinningStrategy(base: standard, pins: pins)
        #expect(strategy.outcome(pki.serverChain) == .accepted, "the pinned server passes")

        var selfSignedBuilder = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        selfSignedBuilder.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        let selfSigned = try selfSignedBuilder.selfSign(key: pki.server.privateKey)
        #expect(
            strategy.outcome([selfSigned]) == .rejected(.selfSigned),
            "the pinned key in a self-signed certificate is still rejected: the chain is checked first")

        let expired = try pki.intermediate.issue(
            pki.intermediate.makeBuilder(commonName: LabPKI.host, validity: LabPKI.start...LabPKI.now - 1),
            for: pki.server.privateKey.verificationKey)
        #expect(
            strategy.outcome([expired, pki.intermediate.certificate]) == .rejected(.expired),
            "an expired certificate for the pinned key is rejected")
        #expect(
            strategy.outcome(pki.serverChain, name: "www.lab.test") == .rejected(.hostNameMismatch),
            "the pinned key for the wrong name is rejected")
        #expect(
            strategy.outcome([pki.attackerServer.certificate, pki.server.certificate, pki.intermediate.certificate])
                == .rejected(.unknownIssuer),
            "a copy of the pinned certificate sent beside the attacker's does not count: it is not on the path")
    }

    @Test("pinned copy beside a misissued chain is rejected")
    func pinnedCopyBesideMisissuedChainIsRejected() throws {
        // The trusted CA was tricked into certifying the name for the attacker's key, and the
        // attacker appends a copy of the real, pinned certificate to what it presents.
        let misissued = try pki.intermediate.issueServer(names: [.dnsName(LabPKI.host)])
        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate))
        let strategy = PinningStrategy(base: standard, pins: pins)
        #expect(strategy.outcome(pki.serverChain) == .accepted, "the pinned server passes")
        let chain = [misissued.certificate, pki.intermediate.certificate, pki.server.certificate]
        #expect(standard.outcome(chain) == .accepted, "the chain is valid for the name: only the pin can stop it")
        #expect(
            strategy.outcome(chain) == .rejected(.pinMismatch),
            "the pinned certificate is presented but is not on the validated path, so its pin does not count")
    }

    @Test("key rotation with the backup pin")
    func keyRotationWithBackupPin() throws {
        // The operator generated the next key in advance and published its pin as a backup.
        let nextKey = try SigningKey.generate(.ecP256)
        var builder = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        builder.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        builder.extendedKeyUsage = [.serverAuth]
        let rotated = try pki.intermediate.issue(builder, for: nextKey.verificationKey)
        let backupPin = Data(Digest.sha256.hash(rotated.subjectPublicKeyInfo)).base64EncodedString()

        let pins = try PinSet(primary: PinSet.pin(of: pki.server.certificate), backups: [backupPin])
        let strategy = PinningStrategy(base: standard, pins: pins)
        #expect(strategy.outcome(pki.serverChain) == .accepted, "before the rotation the primary key matches")
        #expect(
            strategy.outcome([rotated, pki.intermediate.certificate]) == .accepted,
            "after the rotation the backup pin matches, so clients keep working")

        let primaryOnly = PinningStrategy(base: standard, pins: try PinSet(primary: pins.primary))
        #expect(
            primaryOnly.outcome([rotated, pki.intermediate.certificate]) == .rejected(.pinMismatch),
            "a client that pinned only the old key is locked out")
    }
}
