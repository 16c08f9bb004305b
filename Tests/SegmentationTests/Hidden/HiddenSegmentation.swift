import LabKit
import Segmentation
import Testing

@Suite("Part 2 — Ingress policies (hidden)")
struct HiddenPart2Ingress {
    @Test("NotIn peer excludes a label value")
    func notInPeer() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "not-c",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - namespaceSelector:
                              matchExpressions:
                                - key: ns
                                  operator: NotIn
                                  values: [z]
                            podSelector:
                              matchExpressions:
                                - key: pod
                                  operator: NotIn
                                  values: [c]
                    """))
        for source in Fixture.allPods where source != "x/a" {
            let expected = !source.hasPrefix("z/") && !source.hasSuffix("/c")
            #expect(try Fixture.verdict(engine, source, "x/a").isAllowed == expected, "\(source) → x/a")
        }
        #expect(
            try Fixture.verdict(engine, "kube-system/dns", "x/a").isAllowed,
            "kube-system has no ns label, and NotIn holds when the label is absent")
    }
}

@Suite("Part 3 — Egress policies and SSRF defence (hidden)")
struct HiddenPart3Egress {
    @Test("IPv6 metadata and link-local are blocked")
    func ipv6Except() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "v6-internet",
                spec: """
                    podSelector: {}
                    policyTypes: [Egress]
                    egress:
                      - to:
                          - ipBlock:
                              cidr: ::/0
                              except: [fe80::/10, fd00:ec2::254/128]
                    """))
        #expect(try Fixture.verdict(engine, "x/a", "2001:db8::10", port: 443) == .allowed)
        #expect(try Fixture.verdict(engine, "x/a", "fd00:ec2::254", port: 80) == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "x/a", "fe80::1", port: 80) == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "x/a", "203.0.113.10", port: 443) == .deniedByEgress)
    }
}

@Suite("Part 4 — Ports, protocols and policy types (hidden)")
struct HiddenPart4Ports {
    @Test("several errors are all reported")
    func severalErrors() throws {
        let text = Fixture.policy(
            "many",
            spec: """
                podSelector: {}
                policyTypes: [Ingress, Outbound]
                egress:
                  - ports:
                      - protocol: ICMP
                        port: 99999
                """)
        guard case .networkPolicy(let policy) = try #require(ManifestLoader.load(text).first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        #expect(
            try NetworkPolicyValidator.errors(in: policy).map(\.description) == [
                "spec.egress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
                "spec.egress[0].ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive",
                "spec.policyTypes[1]: Unsupported value: \"Outbound\": supported values: \"Ingress\", \"Egress\"",
            ])
    }
}

@Suite("Part 6 — Resource quotas (hidden)")
struct HiddenPart6Quotas {
    @Test(
        "more canonical forms",
        arguments: [("1.5E", "1500P"), ("2048Ki", "2Mi"), ("1025", "1025"), ("1536Ki", "1536Ki"), ("0.001", "1m")])
    func moreCanonicalForms(text: String, expected: String) throws {
        #expect(try Quantity(parsing: text).description == expected)
    }

    @Test("quantities compare across formats")
    func compareAcrossFormats() throws {
        #expect(try Quantity(parsing: "1k") == Quantity(parsing: "1e3"))
        #expect(try Quantity(parsing: "1Ki") > Quantity(parsing: "1k"))
        #expect(try Quantity(parsing: "-1") < Quantity.zero)
    }
}
