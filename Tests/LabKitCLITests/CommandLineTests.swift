import Foundation
import LabKit
import Testing

/// Runs the built `labkit` executable, which SwiftPM places beside the test bundle.
struct LabKitProcess {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("labkit")
    }

    /// Starts `labkit` without waiting for it, its standard output going to `output`.
    static func start(_ arguments: [String], in directory: URL, output: Pipe) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `labkit` with `arguments` in `directory` (the kit's folder by default), waiting
    /// on a thread of its own.
    static func run(_ arguments: [String], in directory: URL? = nil) async throws -> Output {
        try await onOwnThread { try runBlocking(arguments, in: directory) }
    }

    /// Runs `labkit` and blocks the calling thread until it exits.
    static func runBlocking(_ arguments: [String], in directory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL =
            directory
            ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("labkit command line", .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
struct CommandLineTests {
    @Test("overview lists every command")
    func overview() async throws {
        let output = try await LabKitProcess.run(["--help"])
        #expect(output.status == 0)
        #expect(
            output.standardOutput == """
                labkit — the Secure Systems Labs command-line tool.

                Usage: labkit COMMAND [OPTIONS]

                Commands:
                  check         Build and test your own code for a lab and show its points per part, as the grader scores it.
                  grade         Grade a folder of student submissions into the SQLite gradebook.
                  report        Summarize the gradebook: totals, part statistics, test pass rates, histograms.
                  export        Export grades for Canvas, Brightspace or Gradescope.
                  feedback      Write one Markdown feedback file per student and lab.
                  adjust        Add a manual adjustment to a student's lab score, with its reason.
                  merge         Copy the history of other gradebooks (such as shards) into one gradebook.
                  release       Write the student edition: no solutions, hidden tests, gradebook or extensions.
                  solutions     Show or copy a lab's reference solution, with a diff against the scaffold, after its deadline.
                  verify        Check that scaffolds fail every graded test, solutions pass them, and samples score as expected.
                  serve         Run a lab's services on 127.0.0.1 to try by hand with curl.
                  bench         Measure a lab's throughput on loopback against a baseline measured in the same run.
                  segmentation  Print the reachability matrix of Kubernetes manifests, as Lab 4's policy engine decides it.

                Run `labkit COMMAND --help` for a command's options.

                Exit statuses: 0 success; 1 a check failed (a test or a verification);
                2 invalid command line; 3 a build, file or process the command needs failed.

                """)
    }

    @Test("no arguments prints the overview and fails")
    func noArguments() async throws {
        let output = try await LabKitProcess.run([])
        #expect(output.status == 2, "a bare labkit is a usage error")
        #expect(output.standardOutput.hasPrefix("labkit — the Secure Systems Labs command-line tool."))
    }

    @Test("adjust help is exact")
    func adjustHelp() async throws {
        let output = try await LabKitProcess.run(["adjust", "--help"])
        #expect(output.status == 0)
        #expect(
            output.standardOutput == """
                Add a manual adjustment to a student's lab score, with its reason.

                Usage: labkit adjust STUDENT LAB POINTS --reason TEXT [--db FILE] [--ungraded]

                Arguments:
                  STUDENT         The student id, as in the submissions folder.
                  LAB             The lab id, such as gateway.
                  POINTS          Points to add, or a negative number such as -2 to deduct; at most
                                  the lab's points either way.

                Options:
                  --reason TEXT   Why; required, and kept with the time and your user name.
                  --db FILE       The gradebook to change. Default: grading/gradebook.sqlite.
                  --ungraded      Record it although the student has no grading in LAB yet; it
                                  counts in totals once the student is graded. Without it, an
                                  unknown student id is rejected, since it is most often a typo.

                Adjustments add up and are part of every total, report and export. They are never
                edited or deleted: to undo one, add the opposite adjustment with its own reason.

                """)
    }

    @Test("serve help is exact")
    func serveHelp() async throws {
        let output = try await LabKitProcess.run(["serve", "--help"])
        #expect(output.status == 0)
        #expect(
            output.standardOutput == """
                Run a lab's services on 127.0.0.1 to try by hand with curl.

                Usage: labkit serve LAB [--port PORT] [--verbose]

                Arguments:
                  LAB            The lab to serve: gateway (the API gateway and three backends),
                                 jwt (the authorization service and a resource service), or
                                 certificates (an HTTPS server and four interception proxies).

                Options:
                  --port PORT    The port on 127.0.0.1 of the gateway, of jwt's authorization
                                 service, or of the certificates HTTPS server, whose proxies take
                                 the next four ports (default 8080; 0 picks free ports).
                  --verbose      Log every request at debug level to standard error.

                The services are built from the lab's module as this build chose it: your own
                code from Labs/ by default, or the reference solution when the environment has
                LABKIT_SOLUTIONS=1. The command runs until interrupted with Ctrl-C.

                """)
    }

    @Test("bench help is exact")
    func benchHelp() async throws {
        let output = try await LabKitProcess.run(["bench", "--help"])
        #expect(output.status == 0)
        #expect(
            output.standardOutput == """
                Measure a lab's throughput on loopback against a baseline measured in the same run.

                Usage: labkit bench LAB [--requests N] [--connections N] [--rounds N] [--seconds N] [--decisions N]

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

                """)
    }

    @Test(
        "every command has help",
        arguments: [
            "check", "grade", "report", "export", "feedback", "adjust", "merge", "release", "solutions", "verify",
            "serve", "bench", "segmentation",
        ])
    func helpForEveryCommand(command: String) async throws {
        let output = try await LabKitProcess.run([command, "--help"])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("Usage: labkit \(command)"), "\(command) --help must show its usage")
        #expect(output.standardError.isEmpty)
    }

    @Test(
        "usage errors name the problem",
        arguments: [
            (["nosuch"], "labkit: unknown command nosuch; run `labkit --help` for the list\n"),
            (
                ["verify", "--bogus"],
                "labkit: unexpected argument: --bogus\nUsage: labkit verify [--lab LAB ...] [--build-dir DIR] [--skip-samples]\n"
            ),
            (
                ["adjust", "s1", "gateway", "2"],
                "labkit: --reason is required and must not be empty\nUsage: labkit adjust STUDENT LAB POINTS --reason TEXT [--db FILE] [--ungraded]\n"
            ),
            (
                ["grade", "--jobs", "0", "x"],
                "labkit: --jobs must be a whole number from 1 to 64, not 0\nUsage: labkit grade SUBMISSIONS [--lab LAB ...] [--db FILE] [--jobs N] [--shard K/N] [--force]\n"
            ),
            (
                ["grade", "x", "--shard", "3/2"],
                "labkit: --shard takes K/N with 1 ≤ K ≤ N, such as 2/8; found 3/2\nUsage: labkit grade SUBMISSIONS [--lab LAB ...] [--db FILE] [--jobs N] [--shard K/N] [--force]\n"
            ),
            (
                ["serve", "nosuch"],
                "labkit: no lab named nosuch can be served yet; try gateway, jwt or certificates\nUsage: labkit serve LAB [--port PORT] [--verbose]\n"
            ),
            (
                ["bench", "nosuch"],
                "labkit: no benchmark named nosuch; try gateway, jwt, grading or segmentation\nUsage: labkit bench LAB [--requests N] [--connections N] [--rounds N] [--seconds N] [--decisions N]\n"
            ),
            (
                ["bench", "jwt", "--seconds", "0"],
                "labkit: --seconds must be a whole number from 1 to 600, not 0\nUsage: labkit bench LAB [--requests N] [--connections N] [--rounds N] [--seconds N] [--decisions N]\n"
            ),
            (
                ["segmentation", "matrix"],
                "labkit: name at least one manifest file\nUsage: labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]\n"
            ),
            (
                ["segmentation", "graph", "a.yaml"],
                "labkit: unknown action graph; the only action is matrix\nUsage: labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]\n"
            ),
            (
                ["segmentation", "matrix", "a.yaml", "--protocol", "ICMP"],
                "labkit: --protocol must be TCP, UDP or SCTP, not ICMP\nUsage: labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]\n"
            ),
            (
                ["segmentation", "matrix", "a.yaml", "--external", "metadata.internal"],
                "labkit: --external takes an IP address such as 203.0.113.10, not metadata.internal\nUsage: labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]\n"
            ),
            (
                ["report", "--format", "pdf"],
                "labkit: --format must be table, csv, html or json, not pdf\nUsage: labkit report [--lab LAB ...] [--format table|csv|html|json] [--db FILE] [--output FILE]\n"
            ),
        ])
    func usageErrors(arguments: [String], expected: String) async throws {
        let output = try await LabKitProcess.run(arguments)
        #expect(output.status == 2, "a usage error exits with 2")
        #expect(output.standardError == expected)
    }

    @Test("segmentation help is exact")
    func segmentationHelp() async throws {
        let output = try await LabKitProcess.run(["segmentation", "--help"])
        #expect(output.status == 0)
        #expect(
            output.standardOutput == """
                Print the reachability matrix of Kubernetes manifests, as Lab 4's policy engine decides it.

                Usage: labkit segmentation matrix FILE... [--port N] [--protocol TCP|UDP|SCTP] [--external ADDRESS ...]

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

                """)
    }

    @Test("segmentation names a misspelt manifest field")
    func segmentationManifestError() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("typo.yaml")
        let manifest = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: typo
            spec:
              podSelector:
                matchLabel:
                  app: web

            """
        try Data(manifest.utf8).write(to: file)
        let output = try await LabKitProcess.run(["segmentation", "matrix", file.path])
        #expect(output.status == 3, "an unusable file exits with 3")
        #expect(
            output.standardError
                == "labkit: typo.yaml: NetworkPolicy \"typo\": unknown key \"matchLabel\" in spec.podSelector at line 7, column 5; did you mean \"matchLabels\"?\n"
        )
        #expect(output.standardOutput.isEmpty)
    }

    @Test("adjust records and reports the new total")
    func adjustRoundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gradebook.sqlite").path
        let output = try await LabKitProcess.run([
            "adjust", "s1", "gateway", "-1.5", "--reason", "late by agreement", "--db", database, "--ungraded",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput == "Recorded -1.5 for s1 in gateway; the student has no grading yet.\n")
    }
}
