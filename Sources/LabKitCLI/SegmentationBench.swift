import Foundation
import Segmentation

/// `labkit bench segmentation`: how policy evaluation time grows with pods and policies.
enum SegmentationBench {
    /// A synthetic cluster's shape.
    struct Shape {
        var pods: Int
        var namespaces: Int
        /// Policies per namespace, cycling through five realistic recipes.
        var policiesPerNamespace: Int
    }

    /// Runs both series and returns Markdown tables.
    static func run(decisions: Int) throws -> String {
        var text = """
            Pods scale with 5 policies per namespace of 50 pods (default deny, same-namespace
            allow, allow from the monitoring namespace, DNS egress, internet egress without the
            metadata address). \(decisions) random pod pairs are decided per row; the full matrix
            is measured up to 1000 pods and estimated from the decision rate above that.

            | Pods | Namespaces | Policies | Load (ms) | µs per decision | µs per decision, no policies (baseline) | Full matrix (s) |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

            """
        for pods in [100, 1_000, 10_000] {
            let shape = Shape(pods: pods, namespaces: pods / 50, policiesPerNamespace: 5)
            text += try row(shape, decisions: decisions, fullMatrix: pods <= 1_000) + "\n"
        }
        text += """

            Policies scale at 1000 pods in 20 namespaces.

            | Pods | Namespaces | Policies | Load (ms) | µs per decision | µs per decision, no policies (baseline) | Full matrix (s) |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

            """
        for perNamespace in [1, 10, 100] {
            let shape = Shape(pods: 1_000, namespaces: 20, policiesPerNamespace: perNamespace)
            text += try row(shape, decisions: decisions, fullMatrix: false) + "\n"
        }
        return text
    }

    private static func row(_ shape: Shape, decisions: Int, fullMatrix: Bool) throws -> String {
        let yaml = manifests(shape)
        let loadStart = ContinuousClock.now
        let cluster = try Cluster(manifests: ManifestLoader.load(yaml, source: "bench"))
        let loadTime = ContinuousClock.now - loadStart
        let engine = PolicyEngine(cluster: cluster)
        let baseline = PolicyEngine(
            cluster: try Cluster(manifests: ManifestLoader.load(manifests(shape, policies: false))))

        let perDecision = try microsecondsPerDecision(engine, count: decisions)
        let basePerDecision = try microsecondsPerDecision(baseline, count: decisions)
        let matrixText: String
        if fullMatrix {
            let start = ContinuousClock.now
            _ = try ReachabilityMatrix(engine: engine, port: 8080, protocol: .tcp)
            matrixText = format(seconds(ContinuousClock.now - start), digits: 2)
        } else {
            let estimate = perDecision * Double(shape.pods * shape.pods) / 1_000_000
            matrixText = "≈ " + format(estimate, digits: 0) + " (estimated)"
        }
        return
            "| \(shape.pods) | \(shape.namespaces) | \(cluster.policies.count) | \(format(seconds(loadTime) * 1000, digits: 0)) | \(format(perDecision, digits: 2)) | \(format(basePerDecision, digits: 2)) | \(matrixText) |"
    }

    /// Decides `count` pseudo-random pod pairs (a fixed linear congruential sequence, so every
    /// run decides the same pairs) and returns the mean time per decision in microseconds.
    private static func microsecondsPerDecision(_ engine: PolicyEngine, count: Int) throws -> Double {
        let pods = engine.cluster.pods
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pairs: [(ClusterPod, Endpoint)] = []
        pairs.reserveCapacity(count)
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let source = pods[Int((state >> 33) % UInt64(pods.count))]
            let destination = pods[Int((state >> 13) % UInt64(pods.count))]
            pairs.append((source, .pod(destination)))
        }
        var allowed = 0
        let start = ContinuousClock.now
        for (source, destination) in pairs
        where try engine.decide(from: source, to: destination, port: 8080, protocol: .tcp).isAllowed {
            allowed += 1
        }
        let elapsed = seconds(ContinuousClock.now - start)
        // Use the count so that the optimizer cannot drop the loop.
        if allowed > count { print(allowed) }
        return elapsed * 1_000_000 / Double(count)
    }

    /// Builds the manifests of a synthetic cluster as YAML.
    static func manifests(_ shape: Shape, policies: Bool = true) -> String {
        var documents = [
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n  labels:\n    team: platform",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system",
        ]
        let podsPerNamespace = max(1, shape.pods / shape.namespaces)
        for index in 0..<shape.namespaces {
            let namespace = "team-\(index)"
            documents.append(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n  labels:\n    tier: t\(index % 3)")
            for pod in 0..<podsPerNamespace {
                documents.append(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: app-\(pod)
                      namespace: \(namespace)
                      labels: {app: app-\(pod % 10), role: r\(pod % 3)}
                    spec:
                      containers:
                        - name: app
                          ports: [{name: http, containerPort: 8080}]
                    """)
            }
            if policies {
                documents += (0..<shape.policiesPerNamespace).map { policy(number: $0, namespace: namespace) }
            }
        }
        return documents.joined(separator: "\n---\n")
    }

    private static func policy(number: Int, namespace: String) -> String {
        let header =
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\(number)\n  namespace: \(namespace)\nspec:\n"
        switch number % 5 {
        case 0:
            return header + "  podSelector: {}\n  policyTypes: [Ingress, Egress]"
        case 1:
            return header
                + "  podSelector: {matchLabels: {role: r\(number % 3)}}\n  ingress:\n    - from: [{podSelector: {}}]\n      ports: [{port: http}]"
        case 2:
            return header
                + "  podSelector: {matchExpressions: [{key: app, operator: In, values: [app-1, app-2, app-\(number % 10)]}]}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: platform}}\n        - namespaceSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [t0]}]}\n          podSelector: {matchLabels: {role: r1}}"
        case 3:
            return header
                + "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n    - to: [{podSelector: {}}]"
        default:
            return header
                + "  podSelector: {matchLabels: {app: app-\(number % 10)}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32, 10.0.0.0/8]}}]\n      ports: [{port: 443}, {port: 8000, endPort: 8999}]"
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
