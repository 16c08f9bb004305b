import LabKit
import Segmentation
import Testing

@Suite("Part 3 — Egress policies and SSRF defence")
struct Part3Egress {
    static let denyAllEgress = Fixture.policy(
        "default-deny-egress",
        spec: """
            podSelector: {}
            policyTypes:
              - Egress
            """)

    /// Egress to the internet, but not to the cloud metadata address or private ranges.
    static let internetOnly = Fixture.policy(
        "internet-only",
        spec: """
            podSelector:
              matchLabels:
                pod: a
            policyTypes:
              - Egress
            egress:
              - to:
                  - ipBlock:
                      cidr: 0.0.0.0/0
                      except:
                        - 169.254.169.254/32
                        - 10.0.0.0/8
                        - 172.16.0.0/12
                        - 192.168.0.0/16
            """)

    static let dnsOnly = Fixture.policy(
        "allow-dns-only",
        spec: """
            podSelector: {}
            policyTypes:
              - Egress
            egress:
              - to:
                  - namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: kube-system
                    podSelector:
                      matchLabels:
                        k8s-app: kube-dns
                ports:
                  - protocol: UDP
                    port: 53
                  - protocol: TCP
                    port: 53
            """)

    @Test("deny all egress isolates the source")
    func denyAllEgress() throws {
        let engine = try Fixture.engine(Self.denyAllEgress)
        #expect(try engine.isIsolatedForEgress(Fixture.pod(engine, "x/a")))
        #expect(
            try !engine.isIsolatedForIngress(Fixture.pod(engine, "x/a")), "policyTypes: [Egress] leaves ingress open")
        #expect(try Fixture.verdict(engine, "x/a", "y/a") == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "x/a", "x/b") == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "x/a", "203.0.113.10") == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "y/a", "x/a") == .allowed, "x's pods still accept connections")
    }

    @Test("both ends must allow")
    func bothEndsMustAllow() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "x-to-y",
                spec: """
                    podSelector: {}
                    policyTypes: [Egress]
                    egress:
                      - to:
                          - namespaceSelector:
                              matchLabels:
                                ns: y
                    """),
            Fixture.policy(
                "y-deny-ingress", namespace: "y",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: c
                    policyTypes: [Ingress]
                    """))
        #expect(try Fixture.verdict(engine, "x/a", "y/a") == .allowed)
        #expect(
            try Fixture.verdict(engine, "x/a", "y/c") == .deniedByIngress,
            "x's egress allows it, y/c's ingress does not")
        #expect(try Fixture.verdict(engine, "x/a", "z/a") == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "z/a", "y/c") == .deniedByIngress)
    }

    @Test("empty to list allows every destination")
    func emptyToList() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "egress-https-anywhere",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    policyTypes: [Egress]
                    egress:
                      - to: []
                        ports:
                          - port: 443
                    """))
        for destination in ["x/b", "y/a", "z/c", "203.0.113.10", "169.254.169.254"] {
            #expect(
                try Fixture.verdict(engine, "x/a", destination, port: 443) == .allowed, "to: [] allows \(destination)")
        }
        #expect(try Fixture.verdict(engine, "x/a", "y/a", port: 80) == .deniedByEgress, "the ports still apply")
    }

    @Test("both sides deny reports egress")
    func bothSidesDeny() throws {
        let engine = try Fixture.engine(
            Self.denyAllEgress,
            Fixture.policy(
                "y-deny-ingress", namespace: "y",
                spec: """
                    podSelector: {}
                    policyTypes: [Ingress]
                    """))
        #expect(
            try Fixture.verdict(engine, "x/a", "y/a") == .deniedByEgress, "the source's egress is checked first")
        #expect(try Fixture.verdict(engine, "z/a", "y/a") == .deniedByIngress)
        #expect(try Fixture.verdict(engine, "z/a", "x/a") == .allowed)
    }

    @Test("DNS must be allowed explicitly")
    func dnsAllowedExplicitly() throws {
        let engine = try Fixture.engine(Self.dnsOnly)
        #expect(try Fixture.verdict(engine, "x/a", "kube-system/dns", port: 53, protocol: .udp) == .allowed)
        #expect(try Fixture.verdict(engine, "x/a", "kube-system/dns", port: 53, protocol: .tcp) == .allowed)
        #expect(try Fixture.verdict(engine, "x/a", "kube-system/dns", port: 80) == .deniedByEgress)
        #expect(
            try Fixture.verdict(engine, "x/a", "y/a", port: 53, protocol: .udp) == .deniedByEgress,
            "port 53 is allowed to the DNS pods only")
        let withoutDNS = try Fixture.engine(Self.denyAllEgress)
        #expect(
            try Fixture.verdict(withoutDNS, "x/a", "kube-system/dns", port: 53, protocol: .udp) == .deniedByEgress,
            "default-deny egress blocks DNS too")
    }

    @Test(
        "internet but not metadata or private ranges",
        arguments: [
            ("203.0.113.10", Verdict.allowed),
            ("198.51.100.7", .allowed),
            ("169.254.169.254", .deniedByEgress),
            ("10.1.2.3", .deniedByEgress),
            ("172.20.0.1", .deniedByEgress),
            ("172.32.0.1", .allowed),
            ("192.168.1.1", .deniedByEgress),
            ("2001:db8::1", .deniedByEgress),
        ])
    func ssrfDefence(address: String, expected: Verdict) throws {
        let engine = try Fixture.engine(Self.internetOnly)
        #expect(try Fixture.verdict(engine, "x/a", address, port: 443) == expected, "x/a → \(address)")
        #expect(try Fixture.verdict(engine, "x/b", address, port: 443) == .allowed, "x/b is not selected")
    }

    @Test("except removes from its own block only")
    func exceptIsLocal() throws {
        let engine = try Fixture.engine(
            Self.internetOnly,
            Fixture.policy(
                "allow-internal-api",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    policyTypes: [Egress]
                    egress:
                      - to:
                          - ipBlock:
                              cidr: 10.20.0.0/16
                    """))
        #expect(
            try Fixture.verdict(engine, "x/a", "10.20.1.1", port: 443) == .allowed, "another rule allows 10.20.0.0/16")
        #expect(try Fixture.verdict(engine, "x/a", "10.21.1.1", port: 443) == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "x/a", "169.254.169.254") == .deniedByEgress)
    }

    @Test("ipBlock contains and except")
    func ipBlockContains() throws {
        let block = IPBlock(cidr: "192.0.2.0/24", except: ["192.0.2.128/25"])
        #expect(try block.contains(#require(IPAddress("192.0.2.1"))))
        #expect(try !block.contains(#require(IPAddress("192.0.2.200"))))
        #expect(try !block.contains(#require(IPAddress("192.0.3.1"))))
        #expect(try !block.contains(#require(IPAddress("::ffff:192.0.2.1"))), "IPv6 never matches an IPv4 block")
        let v6 = IPBlock(cidr: "2001:db8::/32", except: ["2001:db8:1::/48"])
        #expect(try v6.contains(#require(IPAddress("2001:db8:2::1"))))
        #expect(try !v6.contains(#require(IPAddress("2001:db8:1::1"))))
    }

    @Test("ingress from an external address")
    func ingressFromExternal() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-from-office",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - ipBlock:
                              cidr: 203.0.113.0/24
                              except: [203.0.113.66/32]
                    """))
        let pod = try Fixture.pod(engine, "x/a")
        #expect(
            try engine.allowsIngress(
                to: pod, from: .external(#require(IPAddress("203.0.113.10"))), port: 80, protocol: .tcp))
        #expect(
            try !engine.allowsIngress(
                to: pod, from: .external(#require(IPAddress("203.0.113.66"))), port: 80, protocol: .tcp))
        #expect(
            try !engine.allowsIngress(
                to: pod, from: .external(#require(IPAddress("198.51.100.1"))), port: 80, protocol: .tcp))
    }

    @Test(
        "empty selectors never match external addresses",
        arguments: [
            "- namespaceSelector: {}",
            "- podSelector: {}",
            "- namespaceSelector: {}\n  podSelector: {}",
        ])
    func emptySelectorsSkipExternal(peers: String) throws {
        let indented = peers.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let engine = try Fixture.engine(
            Fixture.policy(
                "all-pods-egress",
                spec: "podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to:\n\(indented)"),
            Fixture.policy(
                "all-pods-ingress",
                spec: "podSelector: {}\npolicyTypes: [Ingress]\ningress:\n  - from:\n\(indented)"))
        #expect(try Fixture.verdict(engine, "x/a", "169.254.169.254") == .deniedByEgress, "\(peers) → metadata")
        #expect(try Fixture.verdict(engine, "x/a", "203.0.113.10", port: 443) == .deniedByEgress, "\(peers) → internet")
        #expect(try Fixture.verdict(engine, "x/a", "x/b") == .allowed, "\(peers) still selects pods")
        let pod = try Fixture.pod(engine, "x/a")
        #expect(
            try !engine.allowsIngress(
                to: pod, from: .external(#require(IPAddress("203.0.113.10"))), port: 80, protocol: .tcp),
            "\(peers) admits no external source")
    }

    @Test(
        "invalid peers name the field",
        arguments: [
            (
                "- ipBlock:\n    cidr: 10.0.0.0/8\n  podSelector: {}",
                "spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer"
            ),
            ("- {}", "spec.egress[0].to[0]: Required value: must specify a peer"),
            (
                "- ipBlock:\n    cidr: 10.0.0.0/33",
                "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
            ),
            (
                "- ipBlock:\n    cidr: 10.0.0.0/8\n    except: [192.168.0.0/16]",
                "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/16\": must be a strict subset of `cidr`"
            ),
            (
                "- ipBlock:\n    cidr: 10.0.0.0/8\n    except: [10.0.0.0/8]",
                "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`"
            ),
            ("- ipBlock:\n    cidr: \"\"", "spec.egress[0].to[0].ipBlock.cidr: Required value"),
            (
                "- ipBlock:\n    cidr: \"10.0.0.0\\0/8\"",
                "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0\\x00/8\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
            ),
            (
                "- ipBlock:\n    cidr: 10.0.0.0/8\n    except: [\"10.1.0.0\\0/16\"]",
                "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.1.0.0\\x00/16\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
            ),
        ])
    func invalidPeers(peers: String, expected: String) throws {
        let indented = peers.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let text = Fixture.policy("bad-peer", spec: "podSelector: {}\negress:\n  - to:\n\(indented)")
        guard case .networkPolicy(let policy) = try #require(ManifestLoader.load(text).first) else {
            Issue.record("expected a NetworkPolicy")
            return
        }
        let peer = try #require(policy.spec.egress?.first?.to?.first)
        let errors = try peer.validate(at: FieldPath("spec").child("egress").index(0).child("to").index(0))
        #expect(errors.map(\.description) == [expected])
    }

    @Test("ipBlock selects an exported pod address only")
    func exportedPodAddress() throws {
        // The fixture's pods get 10.244.0.1, 10.244.0.2 … in order, so this exported pod's
        // status.podIP is the address x/b would have been given.
        let exported = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: exported
              namespace: y
            spec:
              containers:
                - name: app
                  image: nginx:1.27
            status:
              podIP: 10.244.0.2
            """
        let engine = try Fixture.engine(
            exported,
            Fixture.policy(
                "to-exported-only",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    policyTypes: [Egress]
                    egress:
                      - to:
                          - ipBlock:
                              cidr: 10.244.0.2/32
                    """))
        let addresses = engine.cluster.pods.map(\.ip)
        #expect(Set(addresses).count == addresses.count, "every pod must have its own address")
        #expect(try Fixture.verdict(engine, "x/a", "y/exported") == .allowed, "10.244.0.2/32 is y/exported")
        #expect(
            try Fixture.verdict(engine, "x/a", "x/b") == .deniedByEgress,
            "x/b must be given another address than the one y/exported already has")
    }

    @Test("egress reaches the stand-in, never the address", .timeLimit(.minutes(1)))
    func realEgressTraffic() async throws {
        let engine = try Fixture.engine(Self.internetOnly)
        let cluster = try await SimulatedCluster.start(engine: engine)
        do {
            #expect(
                try await cluster.connect(from: "x/a", to: "203.0.113.10", port: 443)
                    == .served(body: "stand-in for 203.0.113.10:443"))
            #expect(
                try await cluster.connect(from: "x/a", to: "169.254.169.254", port: 80) == .dropped(.deniedByEgress))
            #expect(try await cluster.connect(from: "x/a", to: "y/b", port: 80) == .dropped(.deniedByEgress))
            #expect(try await cluster.connect(from: "x/b", to: "y/b", port: 80) == .served(body: "y/b:80"))
            #expect(cluster.requestsReceived(by: "169.254.169.254") == 0, "the metadata address was never asked")
            #expect(cluster.requestsReceived(by: "203.0.113.10") == 1)
            #expect(cluster.requestsReceived(by: "y/b") == 1, "only x/b's request reached y/b")
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
