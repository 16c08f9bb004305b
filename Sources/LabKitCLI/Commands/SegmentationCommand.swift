import Foundation
import Segmentation

/// `labkit segmentation matrix FILE…`: the reachability matrix of Kubernetes manifests.
struct SegmentationCommand: Command {
    static let name = "segmentation"
    static let abstract = "Print the reachability matrix of Kubernetes manifests, as Lab 4's policy engine decides it."
    static let usage =
        "labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]"
    static let details = """
        Arguments:
          FILE                YAML or JSON manifests: Namespaces, Pods, Deployments,
                              NetworkPolicies and ResourceQuotas, several per file with ---.
                              Other kinds are skipped with a note.

        Options:
          --port N            The destination port of every connection (default 80).
          --protocol NAME     TCP (the default), UDP or SCTP.
          --external ADDRESS  Add an address outside the cluster as a destination column; repeat
                              it for several. Nothing is ever sent to it.

        Every NetworkPolicy is first validated as the Kubernetes API server would, and the
        first invalid one stops the command with kubectl's message. The table follows the
        Kubernetes network-policy end-to-end tests: rows are source pods, columns are
        destinations, . is allowed and X is blocked, fields are separated by tabs.

        Example:
          LABKIT_SOLUTIONS=1 swift run labkit segmentation matrix Labs/04-segmentation/examples/*.yaml \\
            --port 443 --external 203.0.113.10 --external 169.254.169.254

        On port 443 the example's frontend reaches 203.0.113.10 but not the metadata address.
        The decisions come from the lab's module as this build chose it: your own code from
        Labs/ by default, or the reference solution when the environment has LABKIT_SOLUTIONS=1.
        """

    var files: [String]
    var port: Int
    var transport: TransportProtocol
    var externals: [IPAddress]

    init(arguments: inout ArgumentList) throws {
        port = try arguments.integerOption("--port", in: 1...65_535) ?? 80
        let protocolName = try arguments.option("--protocol") ?? "TCP"
        guard let transport = TransportProtocol(rawValue: protocolName.uppercased()) else {
            throw UsageError("--protocol must be TCP, UDP or SCTP, not \(protocolName)")
        }
        self.transport = transport
        externals = try arguments.options("--external").map { text in
            guard let address = IPAddress(text) else {
                throw UsageError("--external takes an IP address such as 203.0.113.10, not \(text)")
            }
            return address
        }
        guard let action = arguments.positional() else {
            throw UsageError("name the action, matrix, and the manifest files")
        }
        guard action == "matrix" else {
            throw UsageError("unknown action \(action); the only action is matrix")
        }
        var files: [String] = []
        while let file = arguments.positional() {
            files.append(file)
        }
        guard !files.isEmpty else { throw UsageError("name at least one manifest file") }
        self.files = files
    }

    /// The largest matrix the command computes, in cells (sources × destinations).
    ///
    /// Each cell runs the policy engine once, and a table this size is already far too wide to
    /// read. A debug build decided the 9 million cells of 3,000 pods in about 11 seconds on a
    /// 2-core Linux x86_64 machine, so the limit keeps a mistaken input to well under a minute.
    static let maximumCells = 10_000_000

    func run() async throws -> ExitStatus {
        var manifests: [Manifest] = []
        for file in files {
            manifests += try ManifestLoader.load(contentsOf: URL(fileURLWithPath: file))
        }
        guard !manifests.isEmpty else {
            LabKitTool.printError(
                "no objects found in \(files.joined(separator: ", ")); each file needs at least one Kubernetes object")
            return .failure
        }
        let cluster = try Cluster(manifests: manifests)
        try NetworkPolicyValidator.check(cluster)
        if !cluster.skipped.isEmpty {
            LabKitTool.printError(
                "note: skipped objects the lab does not model: \(cluster.skipped.joined(separator: ", "))")
        }
        guard !cluster.pods.isEmpty else {
            LabKitTool.printError("the manifests declare no pods, so the matrix has no rows; add a Pod or a Deployment")
            return .failure
        }
        let cells = cluster.pods.count * (cluster.pods.count + externals.count)
        guard cells <= Self.maximumCells else {
            LabKitTool.printError(
                "\(cluster.pods.count) pods make a matrix of \(cells) cells, more than the limit of \(Self.maximumCells); "
                    + "pass the manifests of fewer namespaces")
            return .failure
        }
        let engine = PolicyEngine(cluster: cluster)
        let matrix = try ReachabilityMatrix(engine: engine, port: port, protocol: transport, externals: externals)
        let policies = cluster.policies.count == 1 ? "1 network policy" : "\(cluster.policies.count) network policies"
        print("Reachability on \(transport.rawValue) port \(port) with \(policies) (. allowed, X blocked):")
        print(matrix.table(), terminator: "")
        let total = matrix.sources.count * matrix.destinations.count
        print("\(matrix.allowedCount) of \(total) connections allowed.")
        return .success
    }
}
