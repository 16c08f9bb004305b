import Foundation
import LabKit
import Testing

/// A kit in miniature: one lab with a scaffold, a solution, two parts of tests, a course
/// configuration and three submissions, so that `labkit grade` can run end to end.
enum MiniatureKit {
    static let manifest = """
        // swift-tools-version: 6.0
        import Foundation
        import PackageDescription
        let folder = Context.environment["LABKIT_SOLUTIONS"] == "1" ? "Solutions" : "Labs"
        let package = Package(
            name: "MiniKit",
            targets: [
                .target(name: "Adder", path: "\\(folder)/01-adder/Sources"),
                .testTarget(name: "AdderTests", dependencies: ["Adder"]),
            ]
        )
        """

    static let tests = """
        import Adder
        import Testing

        @Suite("Part 1 — Adding") struct Part1Adding {
            @Test("small numbers") func small() { #expect(Adder.add(2, 3) == 5) }
            @Test("zero") func zero() { #expect(Adder.add(0, 7) == 7) }
        }

        @Suite("Part 2 — Negatives") struct Part2Negatives {
            @Test("negative numbers") func negative() { #expect(Adder.add(-2, -3) == -5) }
        }
        """

    static let course = """
        title: "Miniature"
        labs:
          - id: adder
            title: "Adder"
            module: Adder
            deadline: 2030-01-01T00:00:00Z
            parts:
              - { part: 1, title: Adding, points: 6 }
              - { part: 2, title: Negatives, points: 4 }
        """

    static func adder(_ body: String) -> String {
        "public enum Adder {\n    public static func add(_ a: Int, _ b: Int) -> Int { \(body) }\n}\n"
    }

    /// Writes the kit and its submissions below `root`.
    static func write(to root: URL) throws {
        var files = [
            "kit/Package.swift": manifest,
            "kit/Labs/01-adder/Sources/Adder.swift": adder("0  // TODO: Part 1 — add the numbers."),
            "kit/Solutions/01-adder/Sources/Adder.swift": adder("a + b"),
            "kit/Tests/AdderTests/AdderTests.swift": tests,
            "kit/grading/course.yaml": course,
        ]
        let submissions = ["s1": "a + b", "s2": "abs(a) + abs(b)", "s3": "a &* 0 + b", "s4": "a - -b"]
        for (student, body) in submissions {
            files["submissions/\(student)/Labs/01-adder/Sources/Adder.swift"] = adder(body)
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}

@Suite(
    "Interrupted grading",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path))
)
struct InterruptedGradingTests {
    /// Reads `student total` lines from a gradebook with the sqlite3-free `labkit report`.
    func totals(kit: URL, database: URL) async throws -> String {
        let output = try await LabKitProcess.run(["report", "--format", "csv", "--db", database.path], in: kit)
        #expect(output.status == 0, "\(output.standardError)")
        return output.standardOutput
    }

    @Test("killed grade resumes to the same scores")
    func killAndResume() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-mini-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try MiniatureKit.write(to: root)
        let kit = root.appendingPathComponent("kit")
        let submissions = root.appendingPathComponent("submissions").path
        let whole = root.appendingPathComponent("whole.sqlite")
        let interrupted = root.appendingPathComponent("interrupted.sqlite")

        let uninterrupted = try await LabKitProcess.run(["grade", submissions, "--db", whole.path], in: kit)
        #expect(uninterrupted.status == 0, "\(uninterrupted.standardOutput)\(uninterrupted.standardError)")
        let expected = try await totals(kit: kit, database: whole)
        #expect(expected == "student,adder,total\ns1,10,10\ns2,6,6\ns3,3,3\ns4,10,10\n")

        // Start a second run and kill it right after its first grading is reported, which
        // happens only once that grading is committed.
        let output = Pipe()
        let process = try LabKitProcess.start(
            ["grade", submissions, "--db", interrupted.path], in: kit, output: output)
        let reader = output.fileHandleForReading
        try await onOwnThread {
            var seen = ""
            while !seen.split(separator: "\n").contains(where: { $0.hasPrefix("[1/4] ") && $0.contains("/10") }) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        try await onOwnThread { process.waitUntilExit() }
        #expect(process.terminationReason == .uncaughtSignal, "the first run must really be killed midway")

        let resumed = try await LabKitProcess.run(["grade", submissions, "--db", interrupted.path], in: kit)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("unchanged since it was graded"), "graded submissions are skipped")
        let resumedTotals = try await totals(kit: kit, database: interrupted)
        #expect(resumedTotals == expected, "the resumed gradebook matches the whole run")
    }
}
