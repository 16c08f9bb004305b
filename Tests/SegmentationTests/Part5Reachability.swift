import Foundation
import LabKit
import Segmentation
import Testing

@Suite("Part 5 — Reachability matrix")
struct Part5Reachability {

    /// Computes the matrix of namespaces x and y with pods a and b, kube-system/dns, and the given policies.
    static func matrix(
        _ policies: String..., port: Int = 80, protocol transport: TransportProtocol = .tcp, externals: [String] = []
    ) throws -> ReachabilityMatrix {
        let manifests =
            try ManifestLoader.load(Fixture.clusterYAML(namespaces: ["x", "y"], pods: ["a", "b"]))
            + policies.flatMap { try ManifestLoader.load($0) }
        let engine = PolicyEngine(cluster: try Cluster(manifests: manifests))
        return try ReachabilityMatrix(
            engine: engine, port: port, protocol: transport, externals: externals.compactMap(IPAddress.init))
    }

    /// Joins table lines written with spaces into the tab-separated form.
    static func table(_ lines: String...) -> String {
        lines.map { $0.split(separator: " ").joined(separator: "\t") }.joined(separator: "\n") + "\n"
    }

    @Test("no policy allows every pair")
    func noPolicy() throws {
        let matrix = try Self.matrix()
        #expect(matrix.sources == ["kube-system/dns", "x/a", "x/b", "y/a", "y/b"])
        #expect(matrix.destinations == matrix.sources)
        #expect(matrix.allowedCount == 25)
        #expect(
            matrix.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b",
                    "kube-system/dns . . . . .",
                    "x/a . . . . .",
                    "x/b . . . . .",
                    "y/a . . . . .",
                    "y/b . . . . ."))
    }

    @Test("default deny ingress")
    func defaultDenyIngress() throws {
        let matrix = try Self.matrix(Fixture.policy("deny", spec: "podSelector: {}\npolicyTypes: [Ingress]"))
        #expect(
            matrix.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b",
                    "kube-system/dns . X X . .",
                    "x/a . X X . .",
                    "x/b . X X . .",
                    "y/a . X X . .",
                    "y/b . X X . ."))
    }

    @Test("allow same namespace")
    func allowSameNamespace() throws {
        let matrix = try Self.matrix(
            Fixture.policy("same-namespace", spec: "podSelector: {}\ningress:\n  - from:\n      - podSelector: {}"))
        #expect(
            matrix.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b",
                    "kube-system/dns . X X . .",
                    "x/a . . . . .",
                    "x/b . . . . .",
                    "y/a . X X . .",
                    "y/b . X X . ."))
    }

    @Test("allow from a labelled namespace")
    func allowFromLabelledNamespace() throws {
        let matrix = try Self.matrix(
            Fixture.policy(
                "from-y",
                spec:
                    "podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            ns: y"
            ))
        #expect(
            matrix.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b",
                    "kube-system/dns . X X . .",
                    "x/a . X X . .",
                    "x/b . X X . .",
                    "y/a . . . . .",
                    "y/b . . . . ."))
        #expect(matrix.allows(from: "y/a", to: "x/b") == true)
        #expect(matrix.allows(from: "x/a", to: "x/b") == false)
        #expect(matrix.allows(from: "w/a", to: "x/b") == nil)
    }

    @Test("deny egress except DNS")
    func denyEgressExceptDNS() throws {
        let policy = Fixture.policy(
            "dns-only",
            spec: """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                  - to:
                      - namespaceSelector: {}
                        podSelector:
                          matchLabels:
                            k8s-app: kube-dns
                    ports:
                      - protocol: UDP
                        port: 53
                """)
        let dns = try Self.matrix(policy, port: 53, protocol: .udp)
        #expect(
            dns.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b",
                    "kube-system/dns . . . . .",
                    "x/a . X X X X",
                    "x/b . X X X X",
                    "y/a . . . . .",
                    "y/b . . . . ."))
        let web = try Self.matrix(policy, port: 80)
        #expect(web.allows(from: "x/a", to: "kube-system/dns") == false, "only UDP 53 is allowed to DNS")
        #expect(web.allowedCount == 15)
    }

    @Test("external destinations are columns")
    func externalColumns() throws {
        let policy = Fixture.policy(
            "internet-only",
            spec: """
                podSelector:
                  matchLabels:
                    pod: a
                policyTypes: [Egress]
                egress:
                  - to:
                      - ipBlock:
                          cidr: 0.0.0.0/0
                          except: [169.254.169.254/32, 10.0.0.0/8]
                """)
        let matrix = try Self.matrix(policy, port: 443, externals: ["203.0.113.10", "169.254.169.254"])
        #expect(matrix.destinations.suffix(2) == ["203.0.113.10", "169.254.169.254"])
        #expect(
            matrix.table()
                == Self.table(
                    "- kube-system/dns x/a x/b y/a y/b 203.0.113.10 169.254.169.254",
                    "kube-system/dns . . . . . . .",
                    "x/a X X X X X . X",
                    "x/b . . . . . . .",
                    "y/a . . . . . . .",
                    "y/b . . . . . . ."))
    }

    @Test("matrix agrees with decide")
    func agreesWithDecide() throws {
        let policies = [
            Fixture.policy("deny", spec: "podSelector: {}\npolicyTypes: [Ingress, Egress]"),
            Fixture.policy(
                "b-in", namespace: "y",
                spec: "podSelector:\n  matchLabels:\n    pod: b\ningress:\n  - from:\n      - namespaceSelector: {}"),
        ]
        let manifests =
            try ManifestLoader.load(Fixture.clusterYAML()) + policies.flatMap { try ManifestLoader.load($0) }
        let engine = PolicyEngine(cluster: try Cluster(manifests: manifests))
        let matrix = try ReachabilityMatrix(engine: engine, port: 81, protocol: .tcp)
        #expect(matrix.sources.count == 10)
        for source in engine.cluster.pods {
            for destination in engine.cluster.pods {
                let expected = try engine.decide(from: source, to: .pod(destination), port: 81, protocol: .tcp)
                    .isAllowed
                #expect(matrix.allows(from: source.description, to: destination.description) == expected)
            }
        }
        #expect(matrix.allows(from: "x/a", to: "y/b") == false, "x's egress is denied")
        #expect(matrix.allows(from: "z/a", to: "y/b") == true)
        #expect(matrix.allows(from: "z/a", to: "x/b") == false)
    }

    @Test("example manifests evaluate")
    func exampleManifests() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Labs/04-segmentation/examples").standardizedFileURL
        var manifests: [Manifest] = []
        for name in ["namespaces.yaml", "workloads.yaml", "policies.yaml", "quota.json"] {
            manifests += try ManifestLoader.load(contentsOf: examples.appendingPathComponent(name))
        }
        let cluster = try Cluster(manifests: manifests)
        #expect(cluster.skipped == ["Service/frontend"])
        try NetworkPolicyValidator.check(cluster)
        let engine = PolicyEngine(cluster: cluster)
        let matrix = try ReachabilityMatrix(
            engine: engine, port: 8080, protocol: .tcp, externals: [#require(IPAddress("169.254.169.254"))])
        #expect(matrix.allows(from: "shop/frontend-0", to: "shop/api-0") == true)
        #expect(matrix.allows(from: "shop/frontend-1", to: "shop/db") == false)
        #expect(
            matrix.allows(from: "monitoring/prometheus", to: "shop/frontend-0") == true,
            "frontend accepts every source on http")
        #expect(matrix.allows(from: "shop/api-0", to: "shop/frontend-0") == false)
        #expect(matrix.allows(from: "shop/frontend-0", to: "169.254.169.254") == false)
        #expect(try Fixture.verdict(engine, "shop/api-0", "shop/db", port: 5432) == .allowed)
        #expect(try Fixture.verdict(engine, "monitoring/prometheus", "shop/api-0", port: 9090) == .allowed)
        #expect(try Fixture.verdict(engine, "shop/frontend-0", "203.0.113.10", port: 443) == .allowed)
        #expect(try Fixture.verdict(engine, "shop/frontend-0", "169.254.169.254", port: 443) == .deniedByEgress)
        #expect(try Fixture.verdict(engine, "shop/db", "kube-system/coredns", port: 53, protocol: .udp) == .allowed)
    }
}
