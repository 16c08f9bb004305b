import LabKit
import Segmentation
import Testing

@Suite("Part 4 — Ports, protocols and policy types")
struct Part4Ports {
    /// x/b may reach x's pods on the given ports only.
    static func allowFromB(ports: String) -> String {
        Fixture.policy(
            "allow-b-ports",
            spec: """
                podSelector: {}
                ingress:
                  - from:
                      - podSelector:
                          matchLabels:
                            pod: b
                    ports:
                \(ports.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
                """)
    }

    @Test("numeric port")
    func numericPort() throws {
        let engine = try Fixture.engine(Self.allowFromB(ports: "- port: 80"))
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 80) == .allowed)
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 81) == .deniedByIngress)
        #expect(
            try Fixture.verdict(engine, "x/b", "x/a", port: 80, protocol: .udp) == .deniedByIngress,
            "a port without protocol means TCP")
    }

    @Test(
        "protocols must match",
        arguments: [
            (TransportProtocol.udp, TransportProtocol.udp, true),
            (.udp, .tcp, false),
            (.sctp, .sctp, true),
            (.sctp, .udp, false),
            (.tcp, .tcp, true),
        ])
    func protocols(rule: TransportProtocol, connection: TransportProtocol, expected: Bool) throws {
        let engine = try Fixture.engine(Self.allowFromB(ports: "- protocol: \(rule.rawValue)\n  port: 80"))
        let verdict = try Fixture.verdict(engine, "x/b", "x/a", port: 80, protocol: connection)
        #expect(verdict.isAllowed == expected, "rule \(rule.rawValue)/80, connection \(connection.rawValue)/80")
    }

    @Test("protocol without port allows every port")
    func protocolWithoutPort() throws {
        let engine = try Fixture.engine(Self.allowFromB(ports: "- protocol: UDP"))
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 5353, protocol: .udp) == .allowed)
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 80, protocol: .tcp) == .deniedByIngress)
    }

    @Test("empty ports list allows every port")
    func emptyPortsList() throws {
        let engine = try Fixture.engine(
            Self.allowFromB(ports: "[]"),
            Fixture.policy(
                "egress-to-y-any-port",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    policyTypes: [Egress]
                    egress:
                      - to:
                          - namespaceSelector:
                              matchLabels:
                                ns: y
                        ports: []
                    """))
        for (port, transport) in [(80, TransportProtocol.tcp), (8443, .tcp), (5353, .udp), (9, .sctp)] {
            #expect(
                try Fixture.verdict(engine, "x/b", "x/c", port: port, protocol: transport) == .allowed,
                "ingress ports: [] allows \(transport.rawValue)/\(port)")
            #expect(
                try Fixture.verdict(engine, "x/a", "y/a", port: port, protocol: transport) == .allowed,
                "egress ports: [] allows \(transport.rawValue)/\(port)")
        }
        #expect(try Fixture.verdict(engine, "x/c", "x/b") == .deniedByIngress, "the peer still has to match")
        #expect(try Fixture.verdict(engine, "x/a", "z/a") == .deniedByEgress, "the peer still has to match")
    }

    @Test("named port resolves on the destination")
    func namedPort() throws {
        let engine = try Fixture.engine(Self.allowFromB(ports: "- port: serve-81-tcp"))
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 81) == .allowed)
        #expect(try Fixture.verdict(engine, "x/b", "x/a", port: 80) == .deniedByIngress)
        let udp = try Fixture.engine(Self.allowFromB(ports: "- port: serve-80-udp\n  protocol: UDP"))
        #expect(try Fixture.verdict(udp, "x/b", "x/a", port: 80, protocol: .udp) == .allowed)
        let wrongProtocol = try Fixture.engine(Self.allowFromB(ports: "- port: serve-80-udp"))
        #expect(
            try Fixture.verdict(wrongProtocol, "x/b", "x/a", port: 80, protocol: .tcp) == .deniedByIngress,
            "serve-80-udp is a UDP port, and the rule's protocol defaults to TCP")
    }

    @Test("named egress port resolves on the destination pod")
    func namedEgressPort() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "egress-dns-by-name",
                spec: """
                    podSelector: {}
                    policyTypes: [Egress]
                    egress:
                      - ports:
                          - port: dns
                            protocol: UDP
                    """))
        #expect(try Fixture.verdict(engine, "x/a", "kube-system/dns", port: 53, protocol: .udp) == .allowed)
        #expect(
            try Fixture.verdict(engine, "x/a", "y/a", port: 53, protocol: .udp) == .deniedByEgress,
            "y/a declares no port named dns")
        #expect(
            try Fixture.verdict(engine, "x/a", "203.0.113.53", port: 53, protocol: .udp) == .deniedByEgress,
            "an external address has no named ports")
    }

    @Test("endPort range is inclusive")
    func endPortRange() throws {
        let engine = try Fixture.engine(Self.allowFromB(ports: "- port: 8000\n  endPort: 8080"))
        let pod = try Fixture.pod(engine, "x/a")
        let source = try #require(engine.endpoint("x/b"))
        for (port, expected) in [(7999, false), (8000, true), (8042, true), (8080, true), (8081, false)] {
            #expect(
                try engine.allowsIngress(to: pod, from: source, port: port, protocol: .tcp) == expected,
                "port \(port) against 8000–8080")
        }
    }

    @Test("port entry matching")
    func portEntryMatching() throws {
        let engine = try Fixture.engine()
        let destination = try #require(engine.endpoint("y/c"))
        #expect(try NetworkPolicyPort().matches(port: 9999, protocol: .tcp, on: destination))
        #expect(try !NetworkPolicyPort().matches(port: 9999, protocol: .udp, on: destination))
        #expect(
            try NetworkPolicyPort(protocol: "SCTP", port: .string("serve-80-sctp")).matches(
                port: 80, protocol: .sctp, on: destination))
        #expect(
            try !NetworkPolicyPort(port: .string("serve-80-tcp")).matches(port: 81, protocol: .tcp, on: destination))
    }

    @Test("egress rules alone also isolate ingress")
    func egressOnlyDefaulting() throws {
        let spec = NetworkPolicySpec(egress: [NetworkPolicyEgressRule()])
        let engine = try Fixture.engine(
            Fixture.policy(
                "egress-rules-only",
                spec: """
                    podSelector: {}
                    egress:
                      - to:
                          - podSelector: {}
                    """))
        #expect(try engine.effectivePolicyTypes(of: spec) == [.ingress, .egress])
        #expect(
            try Fixture.verdict(engine, "y/a", "x/a") == .deniedByIngress,
            "without policyTypes, a policy is always an Ingress policy, so x's pods now accept nothing")
        #expect(try Fixture.verdict(engine, "x/a", "x/b") == .deniedByIngress)
        #expect(try Fixture.verdict(engine, "x/a", "y/a") == .deniedByEgress)
    }

    @Test(
        "policyTypes defaulting",
        arguments: [
            (NetworkPolicySpec(), [PolicyType.ingress]),
            (NetworkPolicySpec(ingress: [NetworkPolicyIngressRule()]), [PolicyType.ingress]),
            (NetworkPolicySpec(egress: []), [PolicyType.ingress]),
            (NetworkPolicySpec(egress: [NetworkPolicyEgressRule()]), [PolicyType.ingress, PolicyType.egress]),
            (
                NetworkPolicySpec(policyTypes: [], egress: [NetworkPolicyEgressRule()]),
                [PolicyType.ingress, PolicyType.egress]
            ),
            (NetworkPolicySpec(policyTypes: ["Egress"], ingress: [NetworkPolicyIngressRule()]), [PolicyType.egress]),
            (NetworkPolicySpec(policyTypes: ["Ingress", "Egress"]), [PolicyType.ingress, PolicyType.egress]),
        ])
    func policyTypesDefaulting(spec: NetworkPolicySpec, expected: [PolicyType]) throws {
        let engine = try Fixture.engine()
        #expect(try engine.effectivePolicyTypes(of: spec) == Set(expected), "\(spec)")
    }

    @Test("Egress-only policy ignores its ingress rules")
    func explicitPolicyTypes() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "egress-only",
                spec: """
                    podSelector: {}
                    policyTypes: [Egress]
                    ingress:
                      - from:
                          - podSelector:
                              matchLabels:
                                pod: b
                    egress:
                      - {}
                    """))
        #expect(try !engine.isIsolatedForIngress(Fixture.pod(engine, "x/a")))
        #expect(
            try Fixture.verdict(engine, "y/a", "x/a") == .allowed,
            "the ingress rules of an Egress-only policy do nothing")
    }

    @Test(
        "invalid ports name the field",
        arguments: [
            (
                "port: 90\nendPort: 80",
                "spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`"
            ),
            (
                "port: http\nendPort: 80",
                "spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is non-numeric"
            ),
            (
                "endPort: 80",
                "spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is not specified"
            ),
            ("port: 0", "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
            (
                "port: 80\nendPort: 70000",
                "spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
            ),
            (
                "protocol: ICMP\nport: 80",
                "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\""
            ),
            (
                "protocol: tcp\nport: 80",
                "spec.ingress[0].ports[0].protocol: Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\""
            ),
            (
                "port: \"80\"",
                "spec.ingress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z)"
            ),
            (
                "port: web-server-http-01",
                "spec.ingress[0].ports[0].port: Invalid value: \"web-server-http-01\": must be no more than 15 characters"
            ),
        ])
    func invalidPorts(entry: String, expected: String) throws {
        let text = Self.allowFromB(ports: "- " + entry.replacingOccurrences(of: "\n", with: "\n  "))
        guard case .networkPolicy(let policy) = try #require(ManifestLoader.load(text).first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        let errors = try NetworkPolicyValidator.errors(in: policy)
        #expect(errors.map(\.description) == [expected])
    }

    @Test(
        "non-integer port is a decoding error",
        arguments: ["80.5", "99999999999999999999999"])
    func nonIntegerPort(port: String) throws {
        let error = #expect(throws: ManifestError.self, "port: \(port) is neither a number in range nor a name") {
            try ManifestLoader.load(Self.allowFromB(ports: "- port: \(port)"))
        }
        #expect(error?.code == .syntax)
        #expect(
            error?.message.contains("spec.ingress[0].ports[0].port: \(port) is neither a port number") == true,
            "the message must name the field and the value; got \(String(describing: error?.message))")

        // Quoted, the same text is a port name, which the validator rejects by the name rules.
        let quoted = Self.allowFromB(ports: "- port: \"\(port)\"")
        guard case .networkPolicy(let policy) = try #require(ManifestLoader.load(quoted).first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        let errors = try NetworkPolicyValidator.errors(in: policy)
        #expect(
            errors.contains { $0.description.hasPrefix("spec.ingress[0].ports[0].port: Invalid value: \"\(port)\"") },
            "a quoted number is a port name, and an invalid one; got \(errors.map(\.description))")
    }

    @Test("valid ports pass")
    func validPorts() throws {
        let text = Self.allowFromB(
            ports: "- port: 80\n- port: 8000\n  endPort: 8000\n- port: serve-80-udp\n  protocol: UDP\n- protocol: SCTP")
        guard case .networkPolicy(let policy) = try #require(ManifestLoader.load(text).first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        #expect(try NetworkPolicyValidator.errors(in: policy) == [])
    }

    @Test(
        "invalid policyTypes",
        arguments: [
            (
                ["Sideways"],
                "spec.policyTypes[0]: Unsupported value: \"Sideways\": supported values: \"Ingress\", \"Egress\""
            ),
            (
                ["Ingress", "egress"],
                "spec.policyTypes[1]: Unsupported value: \"egress\": supported values: \"Ingress\", \"Egress\""
            ),
            (
                ["Ingress", "Egress", "Ingress"],
                "spec.policyTypes: Invalid value: [Ingress Egress Ingress]: may not specify more than two policyTypes"
            ),
        ])
    func invalidPolicyTypes(types: [String], expected: String) throws {
        let spec = NetworkPolicySpec(policyTypes: types)
        #expect(
            try spec.validatePolicyTypes(at: FieldPath("spec").child("policyTypes")).map(\.description) == [expected])
    }

    @Test("policy with a bad selector is rejected")
    func policyWithBadSelector() throws {
        let text = Fixture.policy(
            "bad-selector",
            spec: """
                podSelector:
                  matchExpressions:
                    - key: pod
                      operator: In
                ingress:
                  - from:
                      - podSelector:
                          matchExpressions:
                            - key: pod
                              operator: Exists
                              values: [a]
                """)
        let manifests = try ManifestLoader.load(text)
        guard case .networkPolicy(let policy) = try #require(manifests.first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        let error = #expect(throws: ManifestError.self) { try NetworkPolicyValidator.check(policy) }
        #expect(error?.code == .invalid)
        #expect(
            error?.message
                == "The NetworkPolicy \"bad-selector\" is invalid: [spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn', spec.ingress[0].from[0].podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist']"
        )
    }
}
