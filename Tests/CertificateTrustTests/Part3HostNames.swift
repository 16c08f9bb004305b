import CertificateTrust
import Foundation
import LabKit
import Testing

@Suite("Part 3 — Host name verification")
struct Part3HostNames {
    /// A SAN pattern, a host, and whether RFC 9525 with OpenSSL's strict flags matches them.
    struct Case: Sendable, CustomStringConvertible {
        let pattern: String
        let host: String
        let matches: Bool
        var description: String { "\(pattern) vs \(host)" }
    }

    static let cases = [
        Case(pattern: "api.lab.test", host: "api.lab.test", matches: true),
        Case(pattern: "api.lab.test", host: "API.Lab.TEST", matches: true),
        Case(pattern: "API.LAB.TEST", host: "api.lab.test", matches: true),
        Case(pattern: "api.lab.test", host: "api.lab.test.", matches: true),
        Case(pattern: "api.lab.test", host: "www.lab.test", matches: false),
        Case(pattern: "api.lab.test", host: "lab.test", matches: false),
        Case(pattern: "api.lab.test", host: "api.lab.test.evil.example", matches: false),
        Case(pattern: "api.lab.test", host: "xapi.lab.test", matches: false),
        Case(pattern: "*.lab.test", host: "api.lab.test", matches: true),
        Case(pattern: "*.lab.test", host: "API.LAB.TEST", matches: true),
        Case(pattern: "*.lab.test", host: "lab.test", matches: false),
        Case(pattern: "*.lab.test", host: "a.b.lab.test", matches: false),
        Case(pattern: "*.lab.test", host: ".lab.test", matches: false),
        Case(pattern: "*.test", host: "lab.test", matches: false),
        Case(pattern: "*", host: "test", matches: false),
        Case(pattern: "a*.lab.test", host: "api.lab.test", matches: false),
        Case(pattern: "*i.lab.test", host: "api.lab.test", matches: false),
        Case(pattern: "a*i.lab.test", host: "api.lab.test", matches: false),
        Case(pattern: "api.*.test", host: "api.lab.test", matches: false),
        Case(pattern: "*.*.test", host: "api.lab.test", matches: false),
        Case(pattern: "", host: "api.lab.test", matches: false),
        Case(pattern: "api.lab.test", host: "", matches: false),
        Case(pattern: "api..lab.test", host: "api..lab.test", matches: false),
    ]

    @Test("DNS name matching", arguments: cases)
    func dnsNameMatching(testCase: Case) {
        #expect(
            HostNameVerifier.matches(pattern: "api.lab.test", host: "api.lab.test"),
            "an identical name must match (checked with every case, so that matching nothing fails)")
        #expect(
            HostNameVerifier.matches(pattern: testCase.pattern, host: testCase.host) == testCase.matches,
            "\(testCase.pattern) must \(testCase.matches ? "" : "not ")match \(testCase.host)")
    }

    @Test("IP addresses match IP SANs only")
    func ipAddressesMatchIPSANsOnly() throws {
        let pki = try LabPKI()
        let server = pki.server.certificate
        #expect(HostNameVerifier.matches(server, host: "127.0.0.1"), "127.0.0.1 is an IP SAN of the server")
        #expect(!HostNameVerifier.matches(server, host: "127.0.0.2"), "127.0.0.2 is not")

        let dnsSpelling = try pki.serverCertificate([.dnsName("127.0.0.1"), .dnsName(LabPKI.host)])
        #expect(HostNameVerifier.matches(dnsSpelling, host: LabPKI.host), "its DNS name matches")
        #expect(
            !HostNameVerifier.matches(dnsSpelling, host: "127.0.0.1"),
            "an address matches iPAddress SANs only, never a DNS SAN that spells it")

        let ipv6 = try pki.serverCertificate([.ipAddress(Array(repeating: 0, count: 15) + [1])])
        #expect(HostNameVerifier.matches(ipv6, host: "::1"), "::1 matches the IPv6 SAN")
        #expect(HostNameVerifier.matches(ipv6, host: "0:0:0:0:0:0:0:1"), "addresses compare as bytes, not text")
        #expect(!HostNameVerifier.matches(ipv6, host: "127.0.0.1"), "an IPv4 address is another address")
    }

    @Test("subject common name is never used")
    func commonNameIsNeverUsed() throws {
        let pki = try LabPKI()
        let withSAN = try pki.serverCertificate([.dnsName(LabPKI.host)])
        #expect(HostNameVerifier.matches(withSAN, host: LabPKI.host), "the SAN matches")

        var builder = pki.intermediate.makeBuilder(commonName: LabPKI.host)
        builder.extendedKeyUsage = [.serverAuth]
        let commonNameOnly = try pki.intermediate.issue(builder).certificate
        #expect(
            !HostNameVerifier.matches(commonNameOnly, host: LabPKI.host),
            "a certificate without SANs matches no name, whatever its CN says (RFC 9525 §6.1)")

        builder.subjectAlternativeNames = [.dnsName("other.lab.test")]
        let otherSAN = try pki.intermediate.issue(builder).certificate
        #expect(!HostNameVerifier.matches(otherSAN, host: LabPKI.host), "the CN is not a fallback for a SAN mismatch")
    }

    @Test("URI and email SANs are not host names")
    func uriAndEmailAreNotHostNames() throws {
        let pki = try LabPKI()
        let certificate = try pki.serverCertificate([
            .uri("https://api.lab.test/"), .email("api.lab.test"), .dnsName("www.lab.test"),
        ])
        #expect(HostNameVerifier.matches(certificate, host: "www.lab.test"), "the DNS SAN matches")
        #expect(!HostNameVerifier.matches(certificate, host: LabPKI.host), "URI and email SANs never match a host")
    }

    @Test("verify names the mismatch")
    func verifyNamesMismatch() throws {
        let pki = try LabPKI()
        try HostNameVerifier.verify(pki.server.certificate, host: LabPKI.host)
        let error = #expect(throws: TrustError.self, "www.lab.test is not a name of the server") {
            try HostNameVerifier.verify(pki.server.certificate, host: "www.lab.test")
        }
        #expect(error?.code == .hostNameMismatch, "the error code is hostNameMismatch")
        #expect(
            error?.message.contains("www.lab.test") == true, "the message names the host: \(String(describing: error))")
    }

    @Test("standard strategy rejects another name's valid certificate")
    func standardStrategyChecksName() throws {
        let pki = try LabPKI()
        let other = try pki.intermediate.issueServer(names: [.dnsName("shop.lab.test")]).certificate
        let chain = [other, pki.intermediate.certificate]
        #expect(pki.validator().outcome(chain) == .accepted, "chain validation alone accepts it: the chain is valid")

        let strategy = StandardTrustStrategy(validator: pki.validator())
        #expect(strategy.outcome(pki.serverChain) == .accepted, "the real server passes")
        #expect(strategy.outcome(pki.serverChain, name: "127.0.0.1") == .accepted, "the real server's address passes")
        #expect(
            strategy.outcome(chain) == .rejected(.hostNameMismatch),
            "a trusted CA vouches for shop.lab.test, not for api.lab.test")
        #expect(
            strategy.outcome(pki.serverChain, name: nil) == .rejected(.hostNameMismatch),
            "without an expected name a server cannot be identified")
        #expect(
            strategy.outcome([pki.attackerServer.certificate], name: LabPKI.host) == .rejected(.unknownIssuer),
            "the chain is checked before the name")
    }
}
