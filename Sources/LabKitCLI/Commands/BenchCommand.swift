import Foundation
import Grading
import LabKit

/// `labkit bench LAB`: measures a lab's throughput against a baseline in the same run.
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure a lab's throughput on loopback against a baseline measured in the same run."
    static let usage = "labkit bench LAB [--requests N] [--connections N] [--rounds N] [--seconds N] [--decisions N]"
    static let details = """
        Arguments:
          LAB               What to measure: gateway (requests per second through the
                            gateway against the backend served directly), jwt (tokens
                            signed and verified per second for HS256, RS256, ES256 and
                            EdDSA against the bare OpenSSL operation), grading
                            (seconds per graded Lab 1 submission with build reuse against
                            a clean swift test of the same submission), or segmentation
                            (network-policy decisions for 100, 1000 and 10000 pods against
                            the same clusters without policies).

        Options:
          --requests N      gateway: requests to send per measurement (default 20000).
          --connections N   gateway: keep-alive connections sending at once (default 16).
          --rounds N        grading: gradings measured with build reuse (default 3).
          --seconds N       jwt: seconds to measure each side of each operation (default 1).
          --decisions N     segmentation: random pod pairs decided per row (default 100000).

        Build in release mode for figures worth recording:
          LABKIT_SOLUTIONS=1 swift run -c release labkit bench gateway
        The result is a Markdown table for BENCHMARKS.md, printed with the machine and date.
        """

    var lab: String
    var requests: Int
    var connections: Int
    var rounds: Int
    var seconds: Int
    var decisions: Int

    init(arguments: inout ArgumentList) throws {
        guard let lab = arguments.positional() else { throw UsageError("name the lab to measure, such as gateway") }
        self.lab = lab
        requests = try arguments.integerOption("--requests", in: 1...10_000_000) ?? 20_000
        connections = try arguments.integerOption("--connections", in: 1...1_000) ?? 16
        rounds = try arguments.integerOption("--rounds", in: 1...50) ?? 3
        seconds = try arguments.integerOption("--seconds", in: 1...600) ?? 1
        decisions = try arguments.integerOption("--decisions", in: 1...100_000_000) ?? 100_000
    }

    func run() async throws -> ExitStatus {
        switch lab {
        case "gateway":
            print(machineDescription)
            print(try await GatewayDemo.benchmark(requests: requests, connections: connections))
            return .success
        case "jwt":
            let table = try JWTDemo.benchmark(seconds: seconds)
            print(machineDescription)
            print(table)
            return .success
        case "grading":
            print(machineDescription)
            print(try benchmarkGrading())
            return .success
        case "segmentation":
            print(machineDescription)
            print(try SegmentationBench.run(decisions: decisions))
            return .success
        default:
            throw UsageError("no benchmark named \(lab); try gateway, jwt, grading or segmentation")
        }
    }

    /// Grades the gateway's reference solution and scaffold alternately in a reused
    /// sandbox, then the solution once with a clean `swift test`, and returns a table.
    private func benchmarkGrading() throws -> String {
        let kit = try KitLocation.packageDirectory()
        let lab = try LabCatalog.lab(named: "gateway", in: try LabCatalog.labs(in: kit))
        let solution = try Self.swiftFiles(in: kit.appendingPathComponent("Solutions/\(lab.folder)/Sources"))
        let scaffold = try Self.swiftFiles(in: kit.appendingPathComponent("Labs/\(lab.folder)/Sources"))
        let benchmark = GradingBenchmark(
            kit: kit, lab: lab, workDirectory: kit.appendingPathComponent(".build/labkit-bench-grading"), rounds: rounds
        )
        let result = try benchmark.run(first: solution, second: scaffold) { print("· \($0)") }
        let reused = result.reusedSeconds.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        return """
            | measurement | seconds |
            | --- | --- |
            | graded with build reuse (median of \(rounds): \(reused)) | \(String(format: "%.1f", result.reusedMedian)) |
            | clean `swift test` on a fresh copy | \(String(format: "%.1f", result.cleanSeconds)) |

            \(result.tests) tests per grading; speed-up \(String(format: "%.1f", result.cleanSeconds / max(0.1, result.reusedMedian)))×.
            """
    }

    private static func swiftFiles(in folder: URL) throws -> [(path: String, contents: Data)] {
        try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
            .map { ($0, FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data()) }
    }

    private var machineDescription: String {
        let info = ProcessInfo.processInfo
        let memory = Double(info.physicalMemory) / 1_073_741_824
        let date = Date().formatted(.iso8601.year().month().day())
        return
            "\(date), \(info.activeProcessorCount) cores, \(String(format: "%.0f", memory)) GiB, \(info.operatingSystemVersionString)"
    }
}
