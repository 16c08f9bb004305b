import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 2 — Chain validation")
struct Part2ChainValidation {
    let pki: LabPKI

    init() throws {
        pki = try LabPKI()
    }

    /// Expects the real server's chain to validate and `chain` to be rejected with `code`,
    /// so that a validator that rejects everything fails too.
    private func expectRejected(
        _ chain: [Certificate], _ code: TrustError.Code, validator: ChainValidator? = nil, _ reason: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let validator = validator ?? pki.validator()
        #expect(
            validator.outcome(pki.serverChain) == .accepted, "the real server's chain must validate",
            sourceLocation: sourceLocation)
        #expect(validator.outcome(chain) == .rejected(code), reason, sourceLocation: sourceLocation)
    }

    @Test("valid chain returns the path to the root")
    func validChainReturnsPath() throws {
        let path = try pki.validator().evaluate(PresentedChain(pki.serverChain))
        #expect(
            path == [pki.server.certificate, pki.intermediate.certificate, pki.root.certificate],
            "the path runs leaf, intermediate, trusted root")
    }

    @Test("presented order and extras do not matter")
    func orderAndExtrasDoNotMatter() throws {
        let unrelated = try CertificateAuthority.root(name: "Unrelated CA", validity: LabPKI.validity)
        let direct = try pki.root.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let validator = pki.validator()
        let expected = [pki.server.certificate, pki.intermediate.certificate, pki.root.certificate]
        #expect(
            try validator.evaluate(
                PresentedChain([pki.server.certificate, unrelated.certificate, pki.intermediate.certificate]))
                == expected, "an unrelated extra certificate is skipped")
        #expect(
            try validator.evaluate(
                PresentedChain([pki.server.certificate, pki.root.certificate, pki.intermediate.certificate]))
                == expected, "the root sent before the intermediate still gives the same path")
        #expect(
            try validator.evaluate(PresentedChain([direct])) == [direct, pki.root.certificate],
            "a leaf issued by the root needs no intermediate")
    }

    @Test("missing intermediate is an unknown issuer")
    func missingIntermediateIsUnknownIssuer() {
        expectRejected(
            [pki.server.certificate], .unknownIssuer,
            "without the intermediate there is no path to the root; a validator must not guess it")
    }

    @Test("attacker's CA is an unknown issuer")
    func attackerCAIsUnknownIssuer() {
        expectRejected(
            [pki.attackerServer.certificate, pki.attackerRoot.certificate], .unknownIssuer,
            "the attacker's CA is not trusted, even when the attacker sends it along")
    }

    @Test("CA with the root's name but another key is rejected")
    func impostorRootIsRejected() throws {
        let impostor = try CertificateAuthority.root(name: "Lab Root CA", validity: LabPKI.validity)
        let leaf = try impostor.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [leaf], .invalidSignature,
            "the issuer name matches the trusted root, but the root's key does not verify the signature")
    }

    @Test("forged intermediate is skipped for the real one")
    func forgedIntermediateIsSkipped() throws {
        let impostor = try CertificateAuthority.root(name: "Lab Issuing CA", validity: LabPKI.validity)
        let chain = [pki.server.certificate, impostor.certificate, pki.intermediate.certificate]
        let path = try pki.validator().evaluate(PresentedChain(chain))
        #expect(
            path == [pki.server.certificate, pki.intermediate.certificate, pki.root.certificate],
            "two presented certificates have the issuer's name; only the one whose key verifies is on the path")
    }

    @Test("self-signed leaf is rejected")
    func selfSignedLeafIsRejected() {
        expectRejected(
            [pki.selfSigned.certificate], .selfSigned, "a self-signed certificate is trusted only if it is a root")
    }

    @Test("validity boundaries are exact to the second")
    func validityBoundariesAreExact() throws {
        let notBefore = Date(timeIntervalSince1970: 1_790_000_000)
        let notAfter = Date(timeIntervalSince1970: 1_800_000_000)
        let leaf = try pki.intermediate.issueServer(names: [.dnsName(LabPKI.host)], validity: notBefore...notAfter)
        let chain = [leaf.certificate, pki.intermediate.certificate]
        let clock = ManualClock(now: notBefore)
        let validator = pki.validator(clock: clock)

        #expect(validator.outcome(chain) == .accepted, "valid at notBefore itself")
        clock.set(to: notBefore - 1)
        #expect(validator.outcome(chain) == .rejected(.notYetValid), "one second before notBefore is too early")
        clock.set(to: notAfter)
        #expect(validator.outcome(chain) == .accepted, "valid at notAfter itself: the period is inclusive")
        clock.set(to: notAfter + 1)
        #expect(validator.outcome(chain) == .rejected(.expired), "one second after notAfter is too late")
    }

    @Test("every certificate's dates count")
    func everyCertificatesDatesCount() throws {
        let shortLived = try pki.root.intermediate(name: "Short CA", validity: LabPKI.start...LabPKI.now - 1)
        let leaf = try shortLived.issueServer(names: [.dnsName(LabPKI.host)], validity: LabPKI.validity)
        expectRejected(
            [leaf.certificate, shortLived.certificate], .expired,
            "the leaf is in date, but its intermediate expired a second ago")

        let laterRoot = try CertificateAuthority.root(name: "Later Root", validity: LabPKI.now + 1...LabPKI.end)
        let laterLeaf = try laterRoot.issueServer(names: [.dnsName(LabPKI.host)], validity: LabPKI.validity)
        let validator = ChainValidator(
            trustedRoots: [pki.root.certificate, laterRoot.certificate], role: .server,
            clock: ManualClock(now: LabPKI.now))
        expectRejected(
            [laterLeaf.certificate], .notYetValid, validator: validator, "the trusted root itself is not valid yet")
    }

    @Test("issuer that is not a CA is rejected")
    func nonCAIssuerIsRejected() throws {
        // The real server's own key signs a certificate for another name.
        let serverAsCA = CertificateAuthority(identity: pki.server)
        let leaf = try serverAsCA.issueServer(names: [.dnsName("bank.lab.test")]).certificate
        expectRejected(
            [leaf, pki.server.certificate, pki.intermediate.certificate], .notCertificateAuthority,
            "a server certificate (cA false) must not issue certificates")

        var noConstraints = pki.root.makeBuilder(commonName: "Unconstrained CA")
        noConstraints.keyUsage = [.keyCertSign]
        let unconstrained = CertificateAuthority(identity: try pki.root.issue(noConstraints))
        let second = try unconstrained.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [second, unconstrained.certificate], .notCertificateAuthority,
            "an intermediate without basic constraints is not a CA")

        // cA is FALSE and there is no key usage, so only the cA flag tells that it is not a CA.
        var endEntity = pki.root.makeBuilder(commonName: "End Entity Issuer")
        endEntity.basicConstraints = .endEntity
        let notCA = CertificateAuthority(identity: try pki.root.issue(endEntity))
        let fromNotCA = try notCA.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [fromNotCA, notCA.certificate], .notCertificateAuthority,
            "an issuer whose basic constraints say cA FALSE is not a CA, even without a key usage extension")

        let bare = CertificateAuthority(identity: try pki.root.issue(pki.root.makeBuilder(commonName: "Bare Issuer")))
        let fromBare = try bare.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [fromBare, bare.certificate], .notCertificateAuthority,
            "an issuer with neither basic constraints nor key usage is not a CA")

        var noCertSign = pki.root.makeBuilder(commonName: "Signing-only CA")
        noCertSign.basicConstraints = .certificateAuthority()
        noCertSign.keyUsage = [.digitalSignature]
        let signingOnly = CertificateAuthority(identity: try pki.root.issue(noCertSign))
        let third = try signingOnly.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [third, signingOnly.certificate], .notCertificateAuthority,
            "a CA whose key usage lacks keyCertSign may not sign certificates")
    }

    @Test("path length constraints are enforced")
    func pathLengthConstraintsAreEnforced() throws {
        let limitedRoot = try CertificateAuthority.root(
            name: "Limited Root", validity: LabPKI.validity, maximumPathLength: 0)
        let limitedIntermediate = try limitedRoot.intermediate(name: "Too Deep CA")
        let tooDeep = try limitedIntermediate.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let validator = ChainValidator(
            trustedRoots: [pki.root.certificate, limitedRoot.certificate], role: .server,
            clock: ManualClock(now: LabPKI.now))
        expectRejected(
            [tooDeep, limitedIntermediate.certificate], .pathLengthExceeded, validator: validator,
            "a root with pathlen 0 may issue leaves only, not an intermediate CA")
        let direct = try limitedRoot.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        #expect(validator.outcome([direct]) == .accepted, "pathlen 0 still allows a leaf issued directly")

        let oneLevel = try pki.root.intermediate(name: "One Level CA", maximumPathLength: 1)
        let secondLevel = try oneLevel.intermediate(name: "Second Level CA", maximumPathLength: 0)
        let deepLeaf = try secondLevel.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        #expect(
            pki.validator().outcome([deepLeaf, secondLevel.certificate, oneLevel.certificate]) == .accepted,
            "pathlen 1 allows one intermediate below it, and pathlen 0 allows the leaf")
        let thirdLevel = try secondLevel.intermediate(name: "Third Level CA")
        let deeperLeaf = try thirdLevel.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [deeperLeaf, thirdLevel.certificate, secondLevel.certificate, oneLevel.certificate], .pathLengthExceeded,
            "a CA with pathlen 0 issued another CA")
    }

    @Test("usage must fit the peer's role")
    func usageMustFitRole() throws {
        let client = try pki.intermediate.issueClient(names: [.uri("spiffe://cluster.local/ns/billing/sa/api")])
        expectRejected(
            [client.certificate, pki.intermediate.certificate], .usageNotAllowed,
            "a client certificate (clientAuth only) must not authenticate a server")
        let clientValidator = pki.validator(role: .client)
        #expect(
            clientValidator.outcome([client.certificate, pki.intermediate.certificate], name: nil) == .accepted,
            "the same certificate is a valid client certificate")
        #expect(
            clientValidator.outcome(pki.serverChain, name: nil) == .rejected(.usageNotAllowed),
            "a server certificate (serverAuth only) must not authenticate a client")

        var signOnly = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        signOnly.keyUsage = [.keyCertSign]
        let wrongUsage = try pki.intermediate.issue(signOnly).certificate
        expectRejected(
            [wrongUsage, pki.intermediate.certificate], .usageNotAllowed,
            "a leaf key limited to keyCertSign cannot sign a TLS handshake")

        var noExtensions = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        noExtensions.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        let unrestricted = try pki.intermediate.issue(noExtensions).certificate
        #expect(
            pki.validator().outcome([unrestricted, pki.intermediate.certificate]) == .accepted,
            "a leaf without key usage extensions may be used for any purpose")

        var codeSigningCA = pki.root.makeBuilder(commonName: "Code Signing CA")
        codeSigningCA.basicConstraints = .certificateAuthority()
        codeSigningCA.keyUsage = [.keyCertSign]
        codeSigningCA.extendedKeyUsage = [.codeSigning]
        let codeSigning = CertificateAuthority(identity: try pki.root.issue(codeSigningCA))
        let fromCodeSigning = try codeSigning.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [fromCodeSigning, codeSigning.certificate], .usageNotAllowed,
            "an intermediate limited to code signing must not issue TLS server certificates")
    }

    @Test("cross-signed intermediate needs backtracking")
    func crossSignedIntermediateNeedsBacktracking() throws {
        // One CA key, certified twice under the same name: by a root the client does not
        // trust, and by the trusted root. The untrusted copy comes first.
        let otherRoot = try CertificateAuthority.root(name: "Other Root", validity: LabPKI.validity)
        let caKey = try SigningKey.generate(.ecP256)
        var builder = pki.root.makeBuilder(commonName: "Cross-signed CA")
        builder.basicConstraints = .certificateAuthority()
        builder.keyUsage = [.keyCertSign, .cRLSign]
        let viaOther = try otherRoot.issue(builder, for: caKey.verificationKey)
        let viaTrusted = try pki.root.issue(builder, for: caKey.verificationKey)
        let crossSigned = CertificateAuthority(identity: CertifiedKey(certificate: viaTrusted, privateKey: caKey))
        let leaf = try crossSigned.issueServer(names: [.dnsName(LabPKI.host)]).certificate

        let validator = pki.validator()
        #expect(
            try validator.evaluate(PresentedChain([leaf, viaOther, otherRoot.certificate, viaTrusted]))
                == [leaf, viaTrusted, pki.root.certificate],
            "the first copy of the CA leads to an untrusted root, so the search must go back and try the second")
        #expect(
            try validator.evaluate(PresentedChain([leaf, viaOther, viaTrusted]))
                == [leaf, viaTrusted, pki.root.certificate],
            "the same without the untrusted root: the first copy leads nowhere")
        #expect(
            validator.outcome([leaf, viaOther, otherRoot.certificate], name: nil) == .rejected(.unknownIssuer),
            "without the trusted copy there is no path")
    }

    @Test("unknown critical extension is rejected")
    func unknownCriticalExtensionIsRejected() throws {
        let leafKey = try SigningKey.generate(.ecP256)
        var leafBuilder = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        leafBuilder.subjectAlternativeNames = [.dnsName(LabPKI.host)]
        leafBuilder.basicConstraints = .endEntity
        leafBuilder.keyUsage = [.digitalSignature]
        leafBuilder.extendedKeyUsage = [.serverAuth]
        let criticalLeaf = try leafBuilder.sign(
            publicKey: leafKey.verificationKey, issuer: pki.intermediate.certificate,
            issuerKey: pki.intermediate.privateKey, adding: [.unknownCritical])
        #expect(criticalLeaf.hasUnhandledCriticalExtension, "OpenSSL does not know the extension")
        expectRejected(
            [criticalLeaf, pki.intermediate.certificate], .unhandledCriticalExtension,
            "a leaf with a critical extension the verifier does not process must be rejected (RFC 5280 §4.2)")

        var nonCritical = CustomExtension.unknownCritical
        nonCritical.isCritical = false
        let plainLeaf = try leafBuilder.sign(
            publicKey: leafKey.verificationKey, issuer: pki.intermediate.certificate,
            issuerKey: pki.intermediate.privateKey, adding: [nonCritical])
        #expect(
            pki.validator().outcome([plainLeaf, pki.intermediate.certificate]) == .accepted,
            "the same extension marked non-critical may be ignored")

        let caKey = try SigningKey.generate(.ecP256)
        var caBuilder = pki.root.makeBuilder(commonName: "Critical Extension CA")
        caBuilder.basicConstraints = .certificateAuthority()
        caBuilder.keyUsage = [.keyCertSign, .cRLSign]
        let criticalCA = try caBuilder.sign(
            publicKey: caKey.verificationKey, issuer: pki.root.certificate, issuerKey: pki.root.privateKey,
            adding: [.unknownCritical])
        let issuing = CertificateAuthority(identity: CertifiedKey(certificate: criticalCA, privateKey: caKey))
        let leafUnderCritical = try issuing.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        expectRejected(
            [leafUnderCritical, criticalCA], .unhandledCriticalExtension,
            "an intermediate with an unknown critical extension must be rejected too")
    }

    @Test("path search stops at the signature budget")
    func pathSearchStopsAtSignatureBudget() throws {
        // Seven CA certificates with one name and one key: each one's key verifies every
        // other's signature, and none leads to a trusted root. Trying every ordering would
        // take thousands of signature checks.
        let loopKey = try SigningKey.generate(.ecP256)
        var loop: [Certificate] = []
        for _ in 0..<7 {
            // Each builder has a new random serial number, so the seven certificates differ.
            var builder = pki.root.makeBuilder(commonName: "Loop CA")
            builder.basicConstraints = .certificateAuthority()
            builder.keyUsage = [.keyCertSign]
            loop.append(try builder.selfSign(key: loopKey))
        }
        let loopCA = CertificateAuthority(identity: CertifiedKey(certificate: loop[0], privateKey: loopKey))
        let leaf = try loopCA.issueServer(names: [.dnsName(LabPKI.host)]).certificate
        let validator = pki.validator()

        var budget = SignatureCheckBudget(limit: ChainValidator.maximumSignatureChecks)
        let result = Result { try validator.buildPath(for: [leaf] + loop, budget: &budget) }
        #expect(
            (result.error as? TrustError)?.code == .pathSearchLimitExceeded,
            "the search must give up with pathSearchLimitExceeded, got \(result)")
        #expect(
            budget.checksPerformed == ChainValidator.maximumSignatureChecks,
            "every signature check goes through the budget, and the search stops when it is spent")
        #expect(
            validator.outcome([leaf] + loop) == .rejected(.pathSearchLimitExceeded),
            "evaluate gives up the same way, with the default budget")

        var realBudget = SignatureCheckBudget(limit: ChainValidator.maximumSignatureChecks)
        #expect(
            try validator.buildPath(for: pki.serverChain, budget: &realBudget).count == 3,
            "the real chain is found within the budget")
        #expect(realBudget.checksPerformed >= 2, "the real chain needs two signature checks, both counted")
    }
}

extension Result {
    fileprivate var error: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}
