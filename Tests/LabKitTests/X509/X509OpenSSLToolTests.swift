import Foundation
import LabKit
import Testing

@Suite(
    "X509 — openssl command-line interop",
    .enabled(if: OpenSSLTool.executable != nil, "the openssl command-line tool is not on PATH")
)
struct X509OpenSSLToolTests {
    @Test("kit fields match openssl x509")
    func kitFieldsMatchTool() async throws {
        let pki = try X509TestPKI()
        var builder = pki.intermediate.makeBuilder(commonName: "billing")
        builder.subject = DistinguishedName([
            .init(type: "C", value: "CA"), .init(type: "O", value: "Lab, Inc."), .init(type: "CN", value: "billing"),
        ])
        builder.serialNumber = [0x0a, 0xbc, 0xde]
        builder.subjectAlternativeNames = [
            .dnsName("billing.lab.test"), .ipAddress([10, 0, 0, 9]),
            .uri("spiffe://cluster.local/ns/billing/sa/api"), .email("ops@lab.test"),
            .ipAddress([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]),
        ]
        builder.basicConstraints = .endEntity
        builder.keyUsage = [.digitalSignature, .keyEncipherment]
        builder.extendedKeyUsage = [.serverAuth, .clientAuth]
        let certificate = try pki.intermediate.issue(builder).certificate
        let directory = try ScratchDirectory()
        try directory.write(certificate.pemRepresentation, to: "leaf.pem")

        let names = try await OpenSSLTool.require(
            ["x509", "-in", "leaf.pem", "-noout", "-subject", "-issuer", "-serial", "-nameopt", "RFC2253"],
            in: directory)
        #expect(names.contains("subject=\(certificate.subject)"), "subject matches openssl's RFC 2253 form: \(names)")
        #expect(names.contains("issuer=\(certificate.issuer)"), "issuer matches: \(names)")
        #expect(names.contains("serial=\(certificate.serialNumber)"), "serial matches: \(names)")
        #expect(certificate.serialNumber == "0ABCDE", "the serial is the bytes set")
        #expect(certificate.subject.description == #"CN=billing,O=Lab\, Inc.,C=CA"#, "RFC 4514 escapes the comma")

        let text = try await OpenSSLTool.require(["x509", "-in", "leaf.pem", "-noout", "-text"], in: directory)
        let sanLine = certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")
        #expect(text.contains(sanLine), "openssl lists the SANs as \(sanLine): \(text)")
        #expect(text.contains("CA:FALSE"), "basic constraints cA false")
        #expect(text.contains(try #require(certificate.keyUsage).description), "key usage as openssl prints it")
        #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), "EKU")

        let dates = try await OpenSSLTool.require(
            ["x509", "-in", "leaf.pem", "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601"], in: directory)
        #expect(dates.contains("notBefore=2026-01-01 00:00:00Z"), "notBefore: \(dates)")
        #expect(dates.contains("notAfter=2028-01-01 00:00:00Z"), "notAfter: \(dates)")
    }

    @Test("openssl certificate reads in kit")
    func toolCertificateReadsInKit() async throws {
        let directory = try ScratchDirectory()
        _ = try await OpenSSLTool.require(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
                "-out", "cert.pem", "-days", "30", "-subj", "/O=Tool Org/CN=tool.lab.test", "-set_serial", "4660",
                "-addext", "subjectAltName=DNS:tool.lab.test,DNS:*.tool.lab.test,IP:192.0.2.1,URI:spiffe://td/x",
                "-addext", "basicConstraints=critical,CA:TRUE,pathlen:2",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
                "-addext", "extendedKeyUsage=clientAuth,codeSigning",
            ], in: directory)
        let certificate = try Certificate(pemEncoded: try directory.readText("cert.pem"))
        #expect(
            certificate.subject == DistinguishedName(commonName: "tool.lab.test", organization: "Tool Org"), "subject")
        #expect(certificate.serialNumber == "1234", "serial 4660 is 0x1234")
        #expect(
            certificate.subjectAlternativeNames == [
                .dnsName("tool.lab.test"), .dnsName("*.tool.lab.test"), .ipAddress([192, 0, 2, 1]),
                .uri("spiffe://td/x"),
            ], "SANs in order")
        #expect(certificate.basicConstraints == .certificateAuthority(maximumPathLength: 2), "CA with pathlen 2")
        #expect(certificate.keyUsage == [.keyCertSign, .cRLSign, .digitalSignature], "key usage")
        #expect(certificate.extendedKeyUsage == [.clientAuth, .codeSigning], "EKU in order")
        #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) == 30 * 86_400, "30 days")
        #expect(certificate.isSignature(verifiedBy: certificate), "openssl req -x509 self-signs")

        let key = try SigningKey(pemRepresentation: try directory.readText("key.pem"))
        #expect(try certificate.publicKey.jwk == key.verificationKey.jwk, "the certificate holds the key's public half")
    }

    @Test("pin matches openssl pipeline")
    func pinMatchesToolPipeline() async throws {
        let pki = try await onOwnThread { try X509TestPKI(keyType: .rsa(bits: 2048)) }
        let directory = try ScratchDirectory()
        try directory.write(pki.server.certificate.pemRepresentation, to: "leaf.pem")
        _ = try await OpenSSLTool.require(
            ["x509", "-in", "leaf.pem", "-noout", "-pubkey", "-out", "pub.pem"], in: directory)
        _ = try await OpenSSLTool.require(
            ["pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "spki.der"], in: directory)
        #expect(
            try directory.read("spki.der") == Data(pki.server.certificate.subjectPublicKeyInfo),
            "the SPKI is the DER that openssl pkey writes")
        _ = try await OpenSSLTool.require(
            ["dgst", "-sha256", "-binary", "-out", "pin.bin", "spki.der"], in: directory)
        #expect(
            try directory.read("pin.bin").base64EncodedString() == pki.server.certificate.publicKeyPin,
            "the pin is base64(SHA-256(SPKI)), as curl --pinnedpubkey computes it")
    }

    @Test("openssl verifies kit chain", arguments: [KeyType.ecP256, .ed25519, .rsa(bits: 2048)])
    func toolVerifiesKitChain(keyType: KeyType) async throws {
        let pki = try await onOwnThread { try X509TestPKI(keyType: keyType) }
        let directory = try ScratchDirectory()
        try directory.write(pki.root.certificate.pemRepresentation, to: "root.pem")
        try directory.write(pki.intermediate.certificate.pemRepresentation, to: "intermediate.pem")
        try directory.write(pki.server.certificate.pemRepresentation, to: "leaf.pem")
        let output = try await OpenSSLTool.require(
            [
                "verify", "-attime", "1800000000", "-purpose", "sslserver", "-verify_hostname", "api.lab.test",
                "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "leaf.pem",
            ], in: directory)
        #expect(output.contains("leaf.pem: OK"), "openssl accepts the kit's \(keyType) chain: \(output)")
    }
}
