import COpenSSL
import Foundation
import LabKit
import Testing

/// Returns `der` with the one occurrence of `original` replaced by `replacement` of the same
/// length, so that every DER length stays right; the signature no longer verifies, which
/// parsing does not check.
func patched(_ der: [UInt8], replacing original: [UInt8], with replacement: [UInt8]) throws -> [UInt8] {
    try #require(original.count == replacement.count, "a patch keeps the length")
    let starts = (0...(der.count - original.count)).filter { Array(der[$0..<$0 + original.count]) == original }
    try #require(starts.count == 1, "the bytes to patch occur exactly once, not \(starts.count) times")
    var result = der
    result.replaceSubrange(starts[0]..<starts[0] + original.count, with: replacement)
    return result
}

@Suite("X509 — hostile input")
struct X509HostileInputTests {
    private static func leaf(
        names: [SubjectAlternativeName], commonName: String = "leaf", usage: [ExtendedKeyUsage]? = nil
    ) throws -> Certificate {
        let key = try SigningKey.generate(.ecP256)
        var builder = CertificateBuilder(
            subject: DistinguishedName(commonName: commonName), notBefore: X509TestPKI.start,
            notAfter: X509TestPKI.end)
        builder.subjectAlternativeNames = names
        builder.extendedKeyUsage = usage
        return try builder.selfSign(key: key)
    }

    @Test("DNS SAN with NUL is rejected")
    func dnsNameWithNUL() throws {
        let certificate = try Self.leaf(names: [.dnsName("good.exampleX.evil.example")])
        let der = try patched(
            certificate.derRepresentation, replacing: Array("good.exampleX.evil".utf8),
            with: Array("good.example".utf8) + [0] + Array(".evil".utf8))
        let error = #expect(throws: CertificateError.self, "a dNSName with a NUL byte must not parse") {
            try Certificate(derEncoded: der)
        }
        #expect(error?.code == .invalidCertificate)
        #expect(error?.message.contains("NUL") == true, "the message names the NUL byte: \(String(describing: error))")
    }

    @Test("DNS SAN outside ASCII is rejected")
    func dnsNameOutsideASCII() throws {
        let certificate = try Self.leaf(names: [.dnsName("cafXX.example")])
        let der = try patched(
            certificate.derRepresentation, replacing: Array("cafXX".utf8), with: [99, 97, 102, 0xC3, 0xA9])
        let error = #expect(throws: CertificateError.self, "a dNSName is an IA5String (RFC 5280 §4.2.1.6)") {
            try Certificate(derEncoded: der)
        }
        #expect(error?.code == .invalidCertificate)
    }

    @Test("builder rejects NUL in a SAN")
    func builderRejectsNUL() throws {
        let error = #expect(throws: CertificateError.self, "the builder must not cut the name at the NUL") {
            try Self.leaf(names: [.dnsName("good.example\0.evil.example")])
        }
        #expect(error?.code == .invalidParameter)
    }

    @Test("IP SAN of odd length is rejected")
    func ipAddressOfOddLength() throws {
        let certificate = try Self.leaf(names: [.ipAddress([10, 0, 0, 1]), .dnsName("x")])
        // iPAddress [7] of 4 bytes, then dNSName [2] "x"; the patch makes one 7-byte address.
        let der = try patched(
            certificate.derRepresentation, replacing: [0x87, 4, 10, 0, 0, 1, 0x82, 1, 0x78],
            with: [0x87, 7, 10, 0, 0, 1, 0x82, 1, 0x78])
        let error = #expect(throws: CertificateError.self, "an iPAddress SAN has 4 or 16 bytes") {
            try Certificate(derEncoded: der)
        }
        #expect(error?.code == .invalidCertificate)
        #expect(error?.message.contains("7") == true, "the message names the length: \(String(describing: error))")
    }

    @Test("non-UTF-8 subject is rejected")
    func nonUTF8Subject() throws {
        let root = try X509TestPKI().root
        let certificate = try root.issue(root.makeBuilder(commonName: "namQQ")).certificate
        let der = try patched(
            certificate.derRepresentation, replacing: Array("namQQ".utf8), with: [110, 97, 109, 0xFF, 0xFE])
        let error = #expect(throws: CertificateError.self, "a UTF8String that is not UTF-8 must not parse") {
            try Certificate(derEncoded: der)
        }
        #expect(error?.code == .invalidCertificate)
        #expect(
            error?.description.contains("invalid utf8string") == true,
            "the message carries OpenSSL's reason: \(String(describing: error))")
    }

    @Test("negative serial reads with a sign")
    func negativeSerial() throws {
        let key = try SigningKey.generate(.ecP256)
        var builder = CertificateBuilder(
            subject: DistinguishedName(commonName: "serial"), notBefore: X509TestPKI.start, notAfter: X509TestPKI.end)
        builder.serialNumber = [0x5A, 0x5B, 0x5C]
        let der = try patched(
            try builder.selfSign(key: key).derRepresentation, replacing: [2, 3, 0x5A, 0x5B, 0x5C],
            with: [2, 3, 0xFF, 0x5B, 0x5C])
        #expect(try Certificate(derEncoded: der).serialNumber == "-A4A4", "0xFF5B5C is -0x00A4A4 in two's complement")
    }

    @Test("long OID reads back whole")
    func longObjectIdentifier() throws {
        let oid = "1.3.6.1.4.1." + (1...40).map { String(100_000 + $0) }.joined(separator: ".")
        #expect(oid.count > 128)
        let certificate = try Self.leaf(names: [.dnsName("a.example")], usage: [ExtendedKeyUsage(oid: oid)])
        #expect(certificate.extendedKeyUsage == [ExtendedKeyUsage(oid: oid)], "an OID of \(oid.count) characters")
    }

    @Test("dates outside UTCTime read back")
    func generalizedTimeDates() throws {
        let key = try SigningKey.generate(.ecP256)
        let early = Date(timeIntervalSince1970: -631_152_001)  // 1949-12-31T23:59:59Z
        let late = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z
        let builder = CertificateBuilder(
            subject: DistinguishedName(commonName: "old"), notBefore: early, notAfter: late)
        let certificate = try Certificate(derEncoded: try builder.selfSign(key: key).derRepresentation)
        #expect(certificate.notBefore == early, "1949 needs GeneralizedTime")
        #expect(certificate.notAfter == late, "9999 is the last GeneralizedTime year")
    }

    @Test("unrepresentable dates throw", arguments: [1e30, -1e30, Double.infinity, Double.nan])
    func unrepresentableDates(seconds: Double) throws {
        let key = try SigningKey.generate(.ecP256)
        let date = Date(timeIntervalSince1970: seconds)
        let builder = CertificateBuilder(
            subject: DistinguishedName(commonName: "far"), notBefore: X509TestPKI.start, notAfter: date)
        let error = #expect(throws: CertificateError.self, "a date no certificate can hold is an error, not a crash") {
            try builder.selfSign(key: key)
        }
        #expect(error?.code == .invalidParameter)

        let pki = try X509TestPKI()
        let verifier = OpenSSLReferenceVerifier(trustedRoots: [pki.root.certificate])
        #expect(throws: CertificateError.self, "a verification time outside time_t is an error") {
            try verifier.verify([pki.server.certificate], purpose: .tlsServer, hostName: nil, at: date)
        }
    }

    @Test("every bit flip parses or throws")
    func bitFlips() async throws {
        let der = try Self.leaf(names: [.dnsName("a.example"), .ipAddress([127, 0, 0, 1])]).derRepresentation
        // Thousands of parses: on a thread of their own, so that socket tests are not starved.
        let (parsed, lengthsNotRejected) = try await onOwnThread { () throws -> (Int, [Int]) in
            var parsed = 0
            for index in der.indices {
                for bit in 0..<8 {
                    var flipped = der
                    flipped[index] ^= 1 << bit
                    do {
                        _ = try Certificate(derEncoded: flipped)
                        parsed += 1
                    } catch is CertificateError {
                        continue
                    }
                }
            }
            let lengthsNotRejected = (0..<der.count).filter { length in
                do {
                    _ = try Certificate(derEncoded: der.prefix(length))
                    return true
                } catch {
                    return !(error is CertificateError)
                }
            }
            return (parsed, lengthsNotRejected)
        }
        #expect(
            lengthsNotRejected.isEmpty,
            "a certificate cut short must throw CertificateError, but these lengths did not: \(lengthsNotRejected)")
        #expect(parsed < der.count * 8, "most flips break the encoding")
    }

    @Test("PEM variants")
    func pemVariants() throws {
        let pki = try X509TestPKI()
        let leaf = pki.server.certificate
        let pem = leaf.pemRepresentation
        let crlf = pem.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Certificate(pemEncoded: crlf) == leaf, "CRLF line ends")
        #expect(
            try Certificate(pemEncoded: "subject=CN = x\n" + pem + "trailing text\n") == leaf, "text around the block")

        var lines = pem.split(separator: "\n").map(String.init)
        lines[1] = "!" + lines[1].dropFirst()
        expectCertificateError(.invalidCertificate, "a character outside base64") {
            try Certificate(pemEncoded: lines.joined(separator: "\n"))
        }
        expectCertificateError(.invalidCertificate, "a header line inside the block") {
            try Certificate(
                pemEncoded: pem.replacingOccurrences(
                    of: "-----\n", with: "-----\nProc-Type: 4,ENCRYPTED\n", options: [],
                    range: pem.startIndex..<pem.index(pem.startIndex, offsetBy: 40)))
        }
        expectCertificateError(.invalidCertificate, "a bundle with a key block") {
            try Certificate.parsePEMBundle(pem + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        }
        #expect(try Certificate.parsePEMBundle(String(repeating: pem, count: 3)).count == 3, "three blocks")
    }

    @Test("many SANs read back")
    func manySANs() throws {
        let names = (0..<2_000).map { SubjectAlternativeName.dnsName("host\($0).example") }
        let certificate = try Self.leaf(names: names)
        #expect(try Certificate(derEncoded: certificate.derRepresentation).subjectAlternativeNames == names)
    }

    @Test("reference verifier rejects bad host names", arguments: ["", "api.lab.test\0.evil.example"])
    func referenceVerifierHostNames(hostName: String) throws {
        let pki = try X509TestPKI()
        let verifier = OpenSSLReferenceVerifier(trustedRoots: [pki.root.certificate])
        let chain = [pki.server.certificate, pki.intermediate.certificate]
        let during = Date(timeIntervalSince1970: 1_800_000_000)
        let error = #expect(throws: CertificateError.self, "host name \(hostName.debugDescription) is invalid") {
            try verifier.verify(chain, purpose: .tlsServer, hostName: hostName, at: during)
        }
        #expect(error?.code == .invalidParameter)
    }
}
