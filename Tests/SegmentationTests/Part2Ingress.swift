import LabKit
import Segmentation
import Testing

@Suite("Part 2 — Ingress policies")
struct Part2Ingress {
    static let denyAllIngress = Fixture.policy(
        "default-deny-ingress",
        spec: """
            podSelector: {}
            policyTypes:
              - Ingress
            """)

    /// Asserts which sources may reach `destination` on TCP 80.
    func expectSources(
        _ engine: PolicyEngine, to destination: String, allowed: Set<String>, _ reason: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for source in Fixture.allPods where source != destination {
            let verdict = try Fixture.verdict(engine, source, destination)
            let expected: Verdict = allowed.contains(source) ? .allowed : .deniedByIngress
            #expect(verdict == expected, "\(source) → \(destination): \(reason)", sourceLocation: sourceLocation)
        }
    }

    @Test("no policy allows everything")
    func noPolicy() throws {
        let engine = try Fixture.engine()
        for name in Fixture.allPods {
            #expect(try !engine.isIsolatedForIngress(Fixture.pod(engine, name)), "no policy selects \(name)")
        }
        try expectSources(
            engine, to: "x/a", allowed: Set(Fixture.allPods), "a pod no policy selects accepts everything")
    }

    @Test("default deny isolates its namespace only")
    func defaultDeny() throws {
        let engine = try Fixture.engine(Self.denyAllIngress)
        #expect(try engine.isIsolatedForIngress(Fixture.pod(engine, "x/a")))
        #expect(
            try !engine.isIsolatedForIngress(Fixture.pod(engine, "y/a")),
            "a policy selects pods of its own namespace only")
        try expectSources(engine, to: "x/a", allowed: [], "x is default-deny for ingress")
        try expectSources(engine, to: "y/a", allowed: Set(Fixture.allPods), "y has no policy")
    }

    @Test("podSelector limits the isolated pods")
    func podSelectorLimitsIsolation() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "isolate-a",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    ingress: []
                    """))
        #expect(try engine.isIsolatedForIngress(Fixture.pod(engine, "x/a")))
        #expect(try !engine.isIsolatedForIngress(Fixture.pod(engine, "x/b")))
        try expectSources(engine, to: "x/a", allowed: [], "ingress: [] allows nothing")
        try expectSources(engine, to: "x/b", allowed: Set(Fixture.allPods), "x/b is not selected")
    }

    @Test("missing namespaceSelector means own namespace")
    func missingNamespaceSelector() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-from-b",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - podSelector:
                              matchLabels:
                                pod: b
                    """))
        try expectSources(
            engine, to: "x/a", allowed: ["x/b"], "a podSelector alone selects pods in the policy's namespace")
    }

    @Test("empty namespaceSelector means every namespace")
    func emptyNamespaceSelector() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-from-any-b",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - namespaceSelector: {}
                            podSelector:
                              matchLabels:
                                pod: b
                    """))
        try expectSources(
            engine, to: "x/a", allowed: ["x/b", "y/b", "z/b"], "namespaceSelector: {} selects every namespace")
    }

    @Test("both selectors in one peer are ANDed")
    func selectorsInOnePeer() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-y-b",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - namespaceSelector:
                              matchLabels:
                                ns: y
                            podSelector:
                              matchLabels:
                                pod: b
                    """))
        try expectSources(engine, to: "x/a", allowed: ["y/b"], "one peer with both selectors needs both to match")
    }

    @Test("several peers are ORed")
    func severalPeers() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-y-or-b",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - namespaceSelector:
                              matchLabels:
                                ns: y
                          - podSelector:
                              matchLabels:
                                pod: b
                    """))
        try expectSources(
            engine, to: "x/a", allowed: ["y/a", "y/b", "y/c", "x/b"], "two peers (note the second dash) allow either")
    }

    @Test("empty rule and empty from allow all")
    func emptyRuleAllowsAll() throws {
        for rule in ["- {}", "- from: []"] {
            let engine = try Fixture.engine(Fixture.policy("allow-all", spec: "podSelector: {}\ningress:\n  \(rule)"))
            #expect(try engine.isIsolatedForIngress(Fixture.pod(engine, "x/a")), "ingress: [\(rule)] isolates x/a")
            try expectSources(
                engine, to: "x/a", allowed: Set(Fixture.allPods),
                "ingress rule `\(rule)` has no peers, so it allows every source")
        }
    }

    @Test("policies add up")
    func policiesAddUp() throws {
        let engine = try Fixture.engine(
            Self.denyAllIngress,
            Fixture.policy(
                "allow-from-y",
                spec: """
                    podSelector:
                      matchLabels:
                        pod: a
                    ingress:
                      - from:
                          - namespaceSelector:
                              matchLabels:
                                ns: y
                    """))
        try expectSources(
            engine, to: "x/a", allowed: ["y/a", "y/b", "y/c"],
            "the deny-all policy cannot take away what another allows")
        try expectSources(engine, to: "x/b", allowed: [], "x/b is selected by the deny-all policy only")
    }

    @Test("namespace selector reads namespace labels")
    func namespaceLabels() throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-from-system",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - namespaceSelector:
                              matchLabels:
                                kubernetes.io/metadata.name: kube-system
                    """))
        let target = try Fixture.pod(engine, "x/a")
        let dns = try #require(engine.endpoint("kube-system/dns"))
        #expect(try engine.allowsIngress(to: target, from: dns, port: 80, protocol: .tcp))
        #expect(try !engine.allowsIngress(to: target, from: #require(engine.endpoint("y/a")), port: 80, protocol: .tcp))
        #expect(
            try !engine.allowsIngress(
                to: target, from: .external(#require(IPAddress("203.0.113.10"))), port: 80, protocol: .tcp),
            "selectors match pods only, never an external address")
    }

    @Test("JSON policy decides like YAML")
    func jsonPolicy() throws {
        let json = """
            {
              "apiVersion": "networking.k8s.io/v1",
              "kind": "NetworkPolicy",
              "metadata": {"name": "allow-y-b", "namespace": "x"},
              "spec": {
                "podSelector": {},
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}},
                                       "podSelector": {"matchLabels": {"pod": "b"}}}]}]
              }
            }
            """
        let engine = try Fixture.engine(json)
        try expectSources(
            engine, to: "x/a", allowed: ["y/b"], "kubectl accepts JSON, and it must decide as the YAML form")
    }

    @Test("real traffic is served or dropped", .timeLimit(.minutes(1)))
    func realTraffic() async throws {
        let engine = try Fixture.engine(
            Fixture.policy(
                "allow-same-namespace",
                spec: """
                    podSelector: {}
                    ingress:
                      - from:
                          - podSelector: {}
                    """))
        let cluster = try await SimulatedCluster.start(engine: engine)
        do {
            #expect(try await cluster.connect(from: "x/b", to: "x/a", port: 80) == .served(body: "x/a:80"))
            #expect(try await cluster.connect(from: "y/b", to: "x/a", port: 81) == .dropped(.deniedByIngress))
            #expect(try await cluster.connect(from: "x/a", to: "y/c", port: 81) == .served(body: "y/c:81"))
            #expect(
                try await cluster.connect(from: "x/a", to: "y/c", port: 8080) == .refused,
                "allowed, but nothing listens")
            #expect(cluster.requestsReceived(by: "x/a") == 1, "the dropped connection never reached x/a's server")
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
