import Foundation
import Grading
import LabKit
import Testing

/// A throwaway package whose tests pass, fail, crash, exit and hang, built once per run.
enum MisbehavingPackage {
    static let tests = """
        import Foundation
        import Testing

        @Suite("Part 1 — Behaviour")
        struct Part1Behaviour {
            @Test("passes") func passes() { #expect(1 + 1 == 2) }
            @Test("fails") func fails() { #expect(1 + 1 == 3, "arithmetic") }
            @Test("crashes") func crashes() {
                if ProcessInfo.processInfo.environment["FIXTURE_CALM"] == nil { fatalError("boom") }
            }
            @Test("exits") func exits() { exit(0) }
            @Test("hangs") func hangs() { DispatchSemaphore(value: 0).wait() }
            @Test("passes after") func passesAfter() { #expect(true) }
        }

        @Suite("Part 2 — Reach")
        struct Part2Reach {
            @Test("writes into the package") func writesPackage() {
                let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                    .appendingPathComponent("written-by-test")
                #expect(FileManager.default.createFile(atPath: url.path, contents: Data("x".utf8)))
            }
        }
        """

    static let manifest = """
        // swift-tools-version: 6.0
        import PackageDescription
        let package = Package(
            name: "Fixture",
            targets: [
                .target(name: "Fixture", path: "Labs/01-fixture/Sources"),
                .testTarget(name: "FixtureTests", dependencies: ["Fixture"]),
            ]
        )
        """

    /// Twenty-five passing tests that run in parallel with the faulty ones, so that a crash
    /// leaves many tests unfinished at once.
    static let bystanders = """
        import Testing

        @Suite("Part 3 — Bystanders")
        struct Part3Bystanders {
        \((1...25).map { "    @Test(\"bystander \($0)\") func bystander\($0)() async { await Task.yield() }" }.joined(separator: "\n"))
        }
        """

    /// Process ids whose command line mentions `text`, read from `/proc` (Linux only;
    /// elsewhere the list is empty).
    static func processes(mentioning text: String) -> [Int32] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return ids.compactMap { Int32($0) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }

    /// Runs the package's tests with the isolating runner: 3 s per test, 300 s per process.
    static func run(_ root: URL, confinement: Confinement) async throws -> IsolatingRunner.Outcome {
        let runner = IsolatingRunner(
            packageDirectory: root,
            scratchPath: root.appendingPathComponent(".build"),
            solutions: false,
            limits: RunLimits(perTest: .seconds(3), perProcess: .seconds(300), confinement: confinement)
        )
        let lab = LabDescriptor(id: "fixture", folder: "01-fixture", module: "Fixture")
        return try await onOwnThread { try runner.run(lab) }
    }

    /// Creates and builds the package, returning its folder.
    static func make() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-fixture-\(UUID().uuidString)")
        let files = [
            "Package.swift": manifest,
            "Labs/01-fixture/Sources/Fixture.swift": "public enum Fixture {}\n",
            "Tests/FixtureTests/BehaviourTests.swift": tests,
            "Tests/FixtureTests/BystanderTests.swift": bystanders,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let runner = SuiteRunner(
            packageDirectory: root, scratchPath: root.appendingPathComponent(".build"), solutions: false)
        try runner.build()
        return root
    }
}

@Suite("Isolating runner", .serialized)
struct IsolatingRunnerTests {
    @Test("each fault costs only its own test")
    func faultsAreIsolated() async throws {
        let root = try await onOwnThread { try MisbehavingPackage.make() }
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try await MisbehavingPackage.run(root, confinement: .processGroup)
        let status = Dictionary(uniqueKeysWithValues: outcome.tests.map { ($0.name, $0.status) })

        #expect(status["passes"] == .passed)
        #expect(status["passes after"] == .passed, "a test after the faults must still get its real result")
        #expect(status["fails"] == .failed)
        #expect(status["crashes"] == .crashed)
        #expect(status["exits"] == .crashed, "exit(0) inside a test ends the run early and counts as a crash")
        #expect(status["hangs"] == .timedOut)
        #expect(outcome.tests.count == 32, "every declared test gets a result")
        let bystanders = outcome.tests.filter { $0.name.hasPrefix("bystander") }
        #expect(bystanders.allSatisfy { $0.status == .passed }, "tests running beside a crash keep their real result")
        #expect(
            outcome.attempts <= 6,
            "three culprits take a few attempts, and one more confirms the passes: \(outcome.log)")

        let crash = outcome.tests.first { $0.name == "crashes" }
        #expect(
            crash?.messages.contains { $0.contains("Fatal error: boom") } == true,
            "a crash keeps the runtime's message: \(crash?.messages ?? [])"
        )
        #expect(
            MisbehavingPackage.processes(mentioning: root.path).isEmpty,
            "a stopped test process must not outlive the run, or a hang keeps running forever")
        let exit = outcome.tests.first { $0.name == "exits" }
        #expect(exit?.messages.contains { $0.contains("exited with status 0") } == true, "\(exit?.messages ?? [])")
    }
}

@Suite("Bubblewrap confinement")
struct BubblewrapConfinementTests {
    @Test(
        "student code cannot write outside /tmp",
        .enabled(if: Confinement.strongestAvailable == .bubblewrap, "needs root, bwrap and setpriv on Linux")
    )
    func readOnlyFileSystem() async throws {
        let root = try await onOwnThread { try MisbehavingPackage.make() }
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try await MisbehavingPackage.run(root, confinement: .bubblewrap)
        let status = Dictionary(uniqueKeysWithValues: outcome.tests.map { ($0.name, $0.status) })

        #expect(status["passes"] == .passed, "ordinary tests still pass under bubblewrap")
        #expect(status["crashes"] == .crashed, "crash isolation works under bubblewrap too")
        #expect(status["hangs"] == .timedOut)
        #expect(status["writes into the package"] == .failed, "the package folder must be read-only")
        let written = root.appendingPathComponent("written-by-test")
        #expect(!FileManager.default.fileExists(atPath: written.path), "no file may appear in the package")
    }
}
