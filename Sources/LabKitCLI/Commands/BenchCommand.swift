import Foundation
import LabKit

/// `labkit bench LAB`: measures a lab's throughput against a baseline in the same run.
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure a lab's throughput on loopback against a baseline measured in the same run."
    static let usage = "labkit bench LAB [--requests N] [--connections N]"
    static let details = """
        Arguments:
          LAB               The lab to measure: gateway.

        Options:
          --requests N      Requests to send per measurement (default 20000).
          --connections N   Keep-alive connections sending at once (default 16).

        Build in release mode for figures worth recording:
          LABKIT_SOLUTIONS=1 swift run -c release labkit bench gateway
        The result is a Markdown table for BENCHMARKS.md, printed with the machine and date.
        """

    var lab: String
    var requests: Int
    var connections: Int

    init(arguments: inout ArgumentList) throws {
        guard let lab = arguments.positional() else { throw UsageError("name the lab to measure, such as gateway") }
        self.lab = lab
        requests = try arguments.integerOption("--requests", in: 1...10_000_000) ?? 20_000
        connections = try arguments.integerOption("--connections", in: 1...1_000) ?? 16
    }

    func run() async throws -> ExitStatus {
        switch lab {
        case "gateway":
            print(machineDescription)
            print(try await GatewayDemo.benchmark(requests: requests, connections: connections))
            return .success
        default:
            throw UsageError("no benchmark for a lab named \(lab) yet; try gateway")
        }
    }

    private var machineDescription: String {
        let info = ProcessInfo.processInfo
        let memory = Double(info.physicalMemory) / 1_073_741_824
        let date = Date().formatted(.iso8601.year().month().day())
        return
            "\(date), \(info.activeProcessorCount) cores, \(String(format: "%.0f", memory)) GiB, \(info.operatingSystemVersionString)"
    }
}
