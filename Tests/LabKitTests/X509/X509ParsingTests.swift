import Foundation
import LabKit
import Testing

@Suite("X509 — parsing and the builder")
struct X509ParsingTests {
    @Test("builder fields read back")
    func builderFieldsReadBack() throws {
        let pki = try X509TestPKI()
        let leaf = pki.server.certificate
        #expect(leaf.version == 3, "the builder writes v3 certificates")
        #expect(leaf.subject == DistinguishedName(commonName: "api.lab.test"), "the leaf's CN is its first name")
        #expect(leaf.issuer == pki.intermediate.certificate.subject, "the leaf's issuer is the intermediate")
        #expect(leaf.notBefore == X509TestPKI.start, "notBefore is the CA's start")
        #expect(leaf.notAfter == X509TestPKI.end, "notAfter is the CA's end")
        #expect(
            leaf.subjectAlternativeNames == [.dnsName("api.lab.test"), .ipAddress([127, 0, 0, 1])],
            "SANs read back in order")
        #expect(leaf.basicConstraints == .endEntity, "a leaf has cA false")
        #expect(leaf.keyUsage == [.digitalSignature], "a leaf has digitalSignature")
        #expect(leaf.extendedKeyUsage == [.serverAuth], "a server leaf has serverAuth")
        #expect(!leaf.hasUnhandledCriticalExtension, "the builder writes only extensions OpenSSL knows")
        #expect(leaf.serialNumber.count == 32, "the default serial is 16 bytes, 32 hex digits")

        let root = pki.root.certificate
        #expect(root.isSelfIssued, "a root names itself as issuer")
        #expect(root.basicConstraints == .certificateAuthority(), "a root is a CA without a path length")
        #expect(root.keyUsage == [.keyCertSign, .cRLSign], "a CA's key signs certificates and CRLs")
        #expect(root.extendedKeyUsage == nil, "a CA has no extended key usage")
    }

    @Test("DER and PEM round trip")
    func derAndPEMRoundTrip() throws {
        let pki = try X509TestPKI()
        let leaf = pki.server.certificate
        #expect(try Certificate(derEncoded: leaf.derRepresentation) == leaf, "DER parses back to the same certificate")
        #expect(try Certificate(pemEncoded: leaf.pemRepresentation) == leaf, "PEM parses back to the same certificate")

        let chain = [leaf, pki.intermediate.certificate, pki.root.certificate]
        let bundle = "# a comment line some tools write\n" + Certificate.pemBundle(chain)
        #expect(
            try Certificate.parsePEMBundle(bundle) == chain, "a bundle parses in order, ignoring text outside blocks")
    }

    @Test("malformed input is rejected")
    func malformedInputIsRejected() throws {
        let leaf = try X509TestPKI().server.certificate
        expectCertificateError(.invalidCertificate, "empty bytes") { try Certificate(derEncoded: []) }
        expectCertificateError(.invalidCertificate, "truncated DER") {
            try Certificate(derEncoded: leaf.derRepresentation.dropLast(10))
        }
        expectCertificateError(.invalidCertificate, "DER with trailing bytes") {
            try Certificate(derEncoded: leaf.derRepresentation + [0])
        }
        expectCertificateError(.invalidCertificate, "a private key block") {
            try Certificate(pemEncoded: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        }
        expectCertificateError(.invalidCertificate, "a block without its END line") {
            try Certificate(pemEncoded: String(leaf.pemRepresentation.dropLast(30)))
        }
        expectCertificateError(.invalidCertificate, "two certificates where one is expected") {
            try Certificate(pemEncoded: leaf.pemRepresentation + leaf.pemRepresentation)
        }
        expectCertificateError(.invalidCertificate, "text without a block") { try Certificate.parsePEMBundle("hello") }
    }

    @Test("signature verifies with issuer only")
    func signatureVerifiesWithIssuerOnly() throws {
        let pki = try X509TestPKI()
        let impostor = try CertificateAuthority.root(name: "Test Issuing CA", validity: X509TestPKI.validity)
        #expect(pki.server.certificate.isSignature(verifiedBy: pki.intermediate.certificate), "the issuer verifies")
        #expect(pki.intermediate.certificate.isSignature(verifiedBy: pki.root.certificate), "the root verifies")
        #expect(pki.root.certificate.isSignature(verifiedBy: pki.root.certificate), "a root verifies itself")
        #expect(
            !pki.server.certificate.isSignature(verifiedBy: impostor.certificate),
            "a CA with the issuer's name but another key must not verify")
        #expect(!pki.server.certificate.isSignature(verifiedBy: pki.root.certificate), "the root did not sign the leaf")
    }

    @Test("every key type issues", arguments: [KeyType.ecP256, .ecP384, .ed25519, .rsa(bits: 2048)])
    func everyKeyTypeIssues(keyType: KeyType) async throws {
        // RSA key generation takes long enough to starve socket tests on the shared threads.
        let pki = try await onOwnThread { try X509TestPKI(keyType: keyType) }
        #expect(pki.server.certificate.isSignature(verifiedBy: pki.intermediate.certificate), "\(keyType) signs")
        #expect(try pki.server.certificate.publicKey.keyType == keyType, "the certified key is \(keyType)")
        #expect(
            try pki.server.certificate.publicKey.jwk == pki.server.privateKey.verificationKey.jwk,
            "the certificate holds the leaf key's public half")
    }

    @Test("builder rejects unencodable fields")
    func builderRejectsUnencodableFields() throws {
        let key = try SigningKey.generate(.ecP256)
        var builder = CertificateBuilder(
            subject: DistinguishedName([]), notBefore: X509TestPKI.start, notAfter: X509TestPKI.end)
        expectCertificateError(.invalidParameter, "no subject and no SAN") { try builder.selfSign(key: key) }
        builder.subject = DistinguishedName(commonName: "x")
        builder.serialNumber = Array(repeating: 1, count: 21)
        expectCertificateError(.invalidParameter, "a 21-byte serial") { try builder.selfSign(key: key) }
        builder.serialNumber = [1]
        builder.keyUsage = []
        expectCertificateError(.invalidParameter, "an empty key usage") { try builder.selfSign(key: key) }
        builder.keyUsage = nil
        builder.subject = DistinguishedName([.init(type: "NOT-A-TYPE", value: "x")])
        expectCertificateError(.invalidParameter, "an unknown attribute type") { try builder.selfSign(key: key) }
    }

    @Test("IP address literals parse")
    func ipAddressLiteralsParse() {
        #expect(SubjectAlternativeName.ipAddress(parsing: "192.0.2.7") == .ipAddress([192, 0, 2, 7]), "IPv4")
        #expect(
            SubjectAlternativeName.ipAddress(parsing: "[::1]") == .ipAddress(Array(repeating: 0, count: 15) + [1]),
            "bracketed IPv6")
        #expect(SubjectAlternativeName.ipAddress(parsing: "api.lab.test") == nil, "a host name is not an address")
        #expect(SubjectAlternativeName.ipAddress(parsing: "1.2.3") == nil, "three octets are not an address")
    }
}
