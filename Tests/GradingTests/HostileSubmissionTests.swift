import Foundation
import Grading
import LabKit
import Testing

/// A throwaway package whose lab module, like a cheating student's, forges passes into the
/// event stream and then ends the test process, and whose tests report what the test
/// process can reach.
///
/// The package folder's `mode` file picks the forgery: `forge-finished` writes `runEnded`
/// after the forged passes, `forge-early` does not, and anything else forges nothing.
/// `known-ids` lists the test ids the forger has in advance, as a student has the
/// visible tests of the kit, and `secret-path` names a file outside the sandbox.
enum ForgingPackage {
    static let lab = """
        import Foundation

        #if canImport(Glibc)
            import Glibc
        #endif

        public enum Fixture {
            public static func answer() -> Int {
                let mode = (try? String(contentsOfFile: "mode", encoding: .utf8)) ?? ""
                if mode.hasPrefix("forge") { Forger.forge(finished: mode.hasPrefix("forge-finished")) }
                return 41
            }
        }

        enum Forger {
            static func forge(finished: Bool) {
                let arguments = CommandLine.arguments
                guard let flag = arguments.firstIndex(of: "--event-stream-output-path") else { return }
                let path = arguments[flag + 1]
                var ids = Set(((try? String(contentsOfFile: "known-ids", encoding: .utf8)) ?? "")
                    .split(separator: "\\n").map(String.init))
                // Every id the forger can find: the stream's declarations, and exact ids
                // named on the command line.
                for line in ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\\n") {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                        let payload = object["payload"] as? [String: Any], payload["kind"] as? String == "function",
                        let id = payload["id"] as? String
                    else { continue }
                    ids.insert(id)
                }
                for argument in arguments where argument.contains(".swift:") {
                    ids.insert(argument.replacingOccurrences(of: "\\\\", with: "").trimmingCharacters(in: ["^", "$"]))
                }
                var forged = ""
                for id in ids.sorted() {
                    forged += record("testStarted", id) + record("testEnded", id)
                }
                if finished { forged += record("runEnded", nil) }
                let descriptor = open(path, O_WRONLY | O_APPEND)
                if descriptor >= 0 {
                    _ = Array(forged.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                }
                _exit(0)
            }

            static func record(_ kind: String, _ id: String?) -> String {
                let test = id.map { ",\\"testID\\":\\"\\($0)\\"" } ?? ""
                let time = Date().timeIntervalSince1970
                return "{\\"version\\":0,\\"kind\\":\\"event\\",\\"payload\\":{\\"kind\\":\\"\\(kind)\\","
                    + "\\"instant\\":{\\"absolute\\":1,\\"since1970\\":\\(time)},\\"messages\\":[]\\(test)}}\\n"
            }
        }
        """

    static let visibleTests = """
        import Foundation
        import Testing
        import Fixture

        @Suite("Part 1 — Visible")
        struct Part1Visible {
            @Test("first") func first() { #expect(Fixture.answer() == 42) }
            @Test("second") func second() { #expect(Fixture.answer() == 42) }
        }

        @Suite("Part 2 — Reach")
        struct Part2Reach {
            @Test("hidden tests unreadable") func hiddenUnreadable() {
                let listing = (try? FileManager.default.contentsOfDirectory(atPath: "Tests/FixtureTests/Hidden")) ?? []
                #expect(listing.isEmpty, "\\(listing)")
            }

            @Test("outside file unreadable") func outsideUnreadable() throws {
                let secret = try String(contentsOfFile: "secret-path", encoding: .utf8)
                #expect(FileManager.default.contents(atPath: secret) == nil, "\\(secret) is readable")
            }

            @Test("grader out of reach") func graderOutOfReach() throws {
                // Signal 0 checks whether a signal could be sent, without sending one.
                let grader = try #require(Int32(try String(contentsOfFile: "grader-pid", encoding: .utf8)))
                #expect(kill(grader, 0) == -1, "the test process can signal the grader, process \\(grader)")
            }

            @Test("processes and file sizes limited") func limited() throws {
                let limits = try String(contentsOfFile: "/proc/self/limits", encoding: .utf8).split(separator: "\\n")
                let processes = limits.first { $0.hasPrefix("Max processes") } ?? ""
                let fileSize = limits.first { $0.hasPrefix("Max file size") } ?? ""
                #expect(!processes.contains("unlimited"), "\\(processes)")
                #expect(!fileSize.contains("unlimited"), "\\(fileSize)")
            }

            @Test("output flood stopped") func outputFlood() {
                let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
                var written = 0
                for _ in 0..<100 {
                    guard (try? FileHandle.standardOutput.write(contentsOf: chunk)) != nil else { break }
                    written += chunk.count
                }
                #expect(written <= 64 << 20, "wrote \\(written) bytes of output")
            }

            @Test("temporary folder small") func temporaryFolderSmall() throws {
                let size = try FileManager.default.attributesOfFileSystem(forPath: "/tmp")[.systemSize] as? Int
                #expect((size ?? Int.max) <= 64 << 20, "/tmp holds \\(size ?? -1) bytes")
            }
        }
        """

    static let hiddenTests = """
        import Testing
        import Fixture

        @Suite("Part 1 — Hidden")
        struct Part1Hidden {
            @Test("hidden") func hidden() { #expect(Fixture.answer() == 42) }
        }
        """

    /// Creates and builds the package, returning its folder.
    static func make() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-forging-\(UUID().uuidString)")
        let files = [
            "Package.swift": MisbehavingPackage.manifest,
            "Labs/01-fixture/Sources/Fixture.swift": lab,
            "Tests/FixtureTests/Visible.swift": visibleTests,
            "Tests/FixtureTests/Hidden/Hidden.swift": hiddenTests,
            // Outside the sandbox and readable by everyone: the kit that runs these tests.
            "secret-path": FileManager.default.currentDirectoryPath + "/Package.swift",
            "grader-pid": String(getpid()),
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try SuiteRunner(packageDirectory: root, scratchPath: root.appendingPathComponent(".build"), solutions: false)
            .build()
        return root
    }

    /// Runs the package's tests under bubblewrap in `mode`, expecting the tests `expected`.
    static func run(_ root: URL, mode: String, expected: Set<String>?) async throws -> IsolatingRunner.Outcome {
        try mode.write(to: root.appendingPathComponent("mode"), atomically: true, encoding: .utf8)
        let runner = IsolatingRunner(
            packageDirectory: root,
            scratchPath: root.appendingPathComponent(".build"),
            solutions: false,
            limits: RunLimits(
                perTest: .seconds(30), perProcess: .seconds(120), confinement: .bubblewrap, fileBytes: 64 << 20,
                temporaryBytes: 64 << 20, processes: 2_048, hiddenFolders: ["Tests/FixtureTests/Hidden"])
        )
        let lab = LabDescriptor(id: "fixture", folder: "01-fixture", module: "Fixture")
        return try await onOwnThread { try runner.run(lab, expecting: expected) }
    }
}

@Suite("Hostile submissions under bubblewrap")
struct HostileSubmissionTests {
    @Test(
        "forged passes and reach are contained",
        .enabled(if: Confinement.strongestAvailable == .bubblewrap, "needs root, bwrap, setpriv and prlimit on Linux")
    )
    func forgeriesContained() async throws {
        let root = try await onOwnThread { try ForgingPackage.make() }
        defer { try? FileManager.default.removeItem(at: root) }

        let honest = try await ForgingPackage.run(root, mode: "honest", expected: nil)
        let status = Dictionary(uniqueKeysWithValues: honest.tests.map { ($0.name, $0.status) })
        #expect(status["first"] == .failed, "the lab's answer is wrong, so its tests fail")
        #expect(status["hidden"] == .failed)
        #expect(status["hidden tests unreadable"] == .passed, "hidden test sources must be masked")
        #expect(status["outside file unreadable"] == .passed, "files outside the sandbox must not be mounted")
        #expect(status["processes and file sizes limited"] == .passed)
        #expect(status["grader out of reach"] == .passed, "the process id namespace must hide the grader")
        #expect(status["temporary folder small"] == .passed, "/tmp must have the configured size")
        // Past the file limit a write either fails or raises SIGXFSZ, depending on whether
        // the test process ignores that signal. Both keep the output file at the limit.
        let flood = honest.tests.first { $0.name == "output flood stopped" }
        let killed = flood?.status == .crashed && flood?.messages.contains { $0.contains("SIGXFSZ") } == true
        #expect(
            flood?.status == .passed || killed,
            "100 MiB of output passes the 64 MiB file limit: \(flood?.messages ?? [])")
        #expect(honest.tests.count == 9)

        let all = Set(honest.tests.map(\.id))
        let visible = honest.tests.filter { $0.name != "hidden" }.map(\.id)
        try visible.joined(separator: "\n").write(
            to: root.appendingPathComponent("known-ids"), atomically: true, encoding: .utf8)
        let forgedIDs = Set(honest.tests.filter { ["first", "second", "hidden"].contains($0.name) }.map(\.id))

        for mode in ["forge-finished", "forge-early"] {
            let outcome = try await ForgingPackage.run(root, mode: mode, expected: all)
            let forged = outcome.tests.filter { forgedIDs.contains($0.id) }
            #expect(forged.count == 3)
            for test in forged {
                #expect(test.status != .passed, "\(mode): a forged pass of \(test.name) must not count")
                // The test that ran the forger is the one that ended the process: a crash.
                let notes = ["not trustworthy", "does not count", "while this test was running"]
                let explained = test.messages.contains { message in notes.contains { message.contains($0) } }
                #expect(explained, "\(mode): \(test.name) needs a note on why it failed: \(test.messages)")
            }
        }
    }
}
