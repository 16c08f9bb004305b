import Foundation
import Testing

@testable import Grading

@Suite("Forged event streams")
struct ForgedEventStreamTests {
    let first = "GatewayTests.A/first()/A.swift:3:4"
    let second = "GatewayTests.A/second()/A.swift:6:4"

    func stream() -> StreamBuilder {
        var stream = StreamBuilder()
        stream.suite("GatewayTests.A", "Part 1 — A")
        stream.function(first, "first")
        stream.function(second, "second")
        stream.event("runStarted")
        return stream
    }

    @Test("runEnded before a declared test starts voids passes")
    func declaredTestNeverStarted() {
        var stream = stream()
        stream.event("testStarted", first)
        stream.event("testEnded", first)
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: first)?.status == .failed, "a forger who left out a test must not keep its passes")
        #expect(result.test(id: second)?.status == .notRun)
        #expect(result.anomalies.contains { $0.contains("runEnded before 1 declared tests started") })
    }

    @Test("runEnded during a running test voids passes")
    func runEndedWhileRunning() {
        var stream = stream()
        stream.event("testStarted", first)
        stream.event("testEnded", first)
        stream.event("testStarted", second)
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: first)?.status == .failed)
        #expect(result.anomalies.contains { $0.contains("runEnded while 1 tests were running") })
    }

    @Test("event for an undeclared test voids passes")
    func undeclaredTest() {
        var stream = stream()
        for id in [first, second] {
            stream.event("testStarted", id)
            stream.event("testEnded", id)
        }
        stream.event("testStarted", "GatewayTests.A/guessed()/A.swift:9:4")
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: first)?.status == .failed, "guessing ids must not be free")
        #expect(result.anomalies.contains { $0.contains("undeclared test GatewayTests.A/guessed()") })
    }

    @Test("skipped test counts as accounted for")
    func skippedIsAccountedFor() {
        var stream = stream()
        stream.event("testStarted", first)
        stream.event("testEnded", first)
        stream.event("testSkipped", second, message: #"{"symbol":"skip","text":"needs curl"}"#)
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: first)?.status == .passed, "a real run with a skipped test keeps its passes")
        #expect(result.anomalies.isEmpty, "\(result.anomalies)")
    }
}

@Suite("Sandbox leftovers")
struct SandboxLeftoverTests {
    @Test("synchronize removes hidden leftovers")
    func hiddenLeftoversRemoved() throws {
        let kit = try TemporaryFolder()
        try kit.write("Labs/01-lab/Sources/A.swift", "scaffold\n")
        let work = try TemporaryFolder()
        let sandbox = Sandbox(kit: kit.url, root: work.url.appendingPathComponent("kit"))
        try sandbox.synchronize()
        let leftover = sandbox.root.appendingPathComponent("Labs/01-lab/Sources/.Earlier.swift")
        try "another student's code\n".write(to: leftover, atomically: true, encoding: .utf8)

        try sandbox.synchronize()
        #expect(!FileManager.default.fileExists(atPath: leftover.path), "the next student must not read it")
    }
}

@Suite("Culprit rule")
struct CulpritRuleTests {
    @Test("lone running test blamed for a crash")
    func loneTestBlamed() {
        #expect(IsolatingRunner.blamesLoneTest(running: 1, stoppedByWatchdog: false))
    }

    @Test("bystander of a hang not blamed")
    func hangBystanderNotBlamed() {
        #expect(
            !IsolatingRunner.blamesLoneTest(running: 1, stoppedByWatchdog: true),
            "a test running beside a hang that the watchdog stopped runs again instead")
    }

    @Test("several running tests not blamed")
    func severalNotBlamed() {
        #expect(!IsolatingRunner.blamesLoneTest(running: 2, stoppedByWatchdog: false))
    }
}

@Suite("Hostile submission files")
struct HostileSubmissionFileTests {
    let lab = LabDescriptor(id: "gateway", folder: "01-gateway", module: "Gateway")

    @Test(
        "test library import found in any spelling",
        arguments: [
            "import Testing\n",
            "import struct Testing.Issue\n",
            "import func Testing.__checkValue\n",
            "@_implementationOnly import XCTest\n",
            "import /* a comment */ Testing\n",
            "import\n  Testing\n",
            "@testable import Gateway\n",
            "import _TestingInternals\n",
        ])
    func testImportFound(source: String) {
        #expect(
            SubmissionIntake.testLibraryImport(in: source) != nil, "\(source.debugDescription) imports a test library")
    }

    @Test(
        "ordinary code has no test import",
        arguments: [
            "import Foundation\n",
            "// Testing notes: see the handout\n",
            "let importTesting = 1\n",
            "import TestingHelpersOfMyOwn\n",
        ])
    func noTestImport(source: String) {
        #expect(SubmissionIntake.testLibraryImport(in: source) == nil, "\(source.debugDescription) is lab code")
    }

    @Test("sources linked to another student are rejected")
    func linkedSources() throws {
        let folder = try TemporaryFolder()
        try folder.write("s2/Labs/01-gateway/Sources/Work.swift", "struct Work {}\n")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("s1/Labs/01-gateway"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("s1/Labs/01-gateway/Sources").path,
            withDestinationPath: "../../../s2/Labs/01-gateway/Sources")
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.code == .invalidSubmission)
        #expect(error?.message.contains("outside the submission") == true, "\(error?.message ?? "")")
    }

    @Test("archive folder linked to another student is rejected")
    func linkedArchiveFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("s2/Labs/01-gateway/Sources/Work.swift", "struct Work {}\n")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("s1"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("s1/my-kit").path, withDestinationPath: "../s2")
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.message.contains("outside the submission") == true, "\(error?.message ?? "")")
    }

    @Test("file name with spaces is taken")
    func spacedFileName() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/With Space.swift", "struct A {}\n")
        let submission = try SubmissionIntake().load(
            lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        #expect(submission?.files.map(\.path) == ["With Space.swift"])
    }

    @Test("hidden files are left out")
    func hiddenFilesLeftOut() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/Route.swift", "struct Route {}\n")
        try folder.write("s1/Labs/01-gateway/Sources/.Planted.swift", "struct Planted {}\n")
        try folder.write("s1/Labs/01-gateway/Sources/.cache/Copy.swift", "struct Copy {}\n")
        let submission = try SubmissionIntake().load(
            lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        #expect(submission?.files.map(\.path) == ["Route.swift"], "SwiftPM compiles no hidden file either")
    }

    @Test("file name with a line break is rejected")
    func lineBreakFileName() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/Line\nBreak.swift", "struct B {}\n")
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.code == .invalidSubmission)
        #expect(error?.message.contains(#"Sources/Line\nBreak.swift"#) == true, "\(error?.message ?? "")")
    }

    @Test("file name that is not UTF-8 is rejected")
    func nonUTF8FileName() throws {
        let folder = try TemporaryFolder()
        let sources = folder.url.appendingPathComponent("s1/Labs/01-gateway/Sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let name = Array((sources.path + "/Bad").utf8) + [0xFF] + Array(".swift".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        try #require(descriptor >= 0)
        close(descriptor)

        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.code == .invalidSubmission, "a rejection is recorded; any other error stops the grading")
        #expect(error?.message.contains("not valid UTF-8") == true, "\(error?.message ?? "")")
    }
}

@Suite("Student ids")
struct StudentIDTests {
    @Test("folders differing in case or normalization conflict")
    func conflicts() {
        let root = URL(fileURLWithPath: "/submissions")
        let names = ["Alice", "alice", "Jos\u{E9}", "Jose\u{301}", "bob"]
        let folders = names.map { root.appendingPathComponent($0) }
        let reasons = SubmissionIntake.conflictingIDs(among: folders)
        #expect(reasons.count == 4, "\(reasons)")
        #expect(reasons[folders[4]] == nil, "a folder without a twin is graded")
        #expect(reasons[folders[0]]?.contains(#""Alice", "alice""#) == true, "\(reasons[folders[0]] ?? "")")
        #expect(SubmissionIntake.studentID(of: folders[3]) == "Jos\u{E9}", "ids are stored in NFC")
    }

    @Test("manifest matches decomposed names")
    func manifestNormalization() throws {
        let manifest = try SubmissionManifest.parse(
            "student,submitted_at\nJos\u{E9},2027-02-14T22:10:00Z\n", source: "submissions.csv")
        #expect(manifest.time(student: "Jose\u{301}", lab: "gateway") != nil, "NFD and NFC spell one student")
    }

    @Test("empty sources folder is rejected")
    func emptySources() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/notes.txt", "no Swift here")
        let lab = LabDescriptor(id: "gateway", folder: "01-gateway", module: "Gateway")
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.message.contains("has no .swift files") == true, "\(error?.message ?? "")")
    }
}

@Suite("Hostile course configuration")
struct HostileCourseConfigurationTests {
    @Test("hidden tests folder must stay in the kit", arguments: ["/etc", "../other-kit/Tests", "Tests/../../x"])
    func hiddenTestsOutsideKit(folder: String) {
        let lab = LabConfiguration(
            id: "gateway", title: "Lab 1", module: "Gateway", deadline: Date(timeIntervalSince1970: 0),
            parts: [PartConfiguration(part: 1, title: "Routes", points: 10)], hiddenTests: folder)
        let problems = CourseConfiguration(title: "Course", labs: [lab]).problems()
        let problem = problems.first { $0.contains("labs[0].hiddenTests") }
        #expect(problem != nil, "\(problems)")
        #expect(problem?.contains(folder) == true, "the problem names the folder: \(problem ?? "")")
    }
}

@Suite("Bubblewrap command")
struct BubblewrapCommandTests {
    @Test("only the system and the sandbox are mounted")
    func mounts() {
        let limits = RunLimits(
            confinement: .bubblewrap, temporaryBytes: 1 << 20, processes: 300,
            hiddenFolders: ["Tests/LabTests/Hidden", "Tests/Missing/Hidden"])
        let package = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-mounts")
        let hidden = package.appendingPathComponent("Tests/LabTests/Hidden")
        try? FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: package) }
        let arguments = SandboxCommand.bubblewrap(
            bundle: URL(fileURLWithPath: "/work/kit/.build/debug/KitPackageTests.xctest"), package: package,
            scratch: URL(fileURLWithPath: "/work/kit/.build"), writable: URL(fileURLWithPath: "/work/kit/.build/a"),
            limits: limits, testArguments: [])
        let text = arguments.joined(separator: " ")

        #expect(!text.contains("--ro-bind / /"), "the whole file system would show solutions and the gradebook")
        #expect(text.contains("--ro-bind /usr /usr"))
        #expect(text.contains("--perms 0755 --tmpfs \(hidden.path)"), "hidden tests are masked: \(text)")
        #expect(!text.contains("Tests/Missing/Hidden"), "a folder that does not exist is not mounted over")
        #expect(text.contains("--size 1048576 --tmpfs /tmp"))
        #expect(text.contains("prlimit --nproc=300"))
        #expect(text.contains("--perms 0755 --dir /work/kit"), "nobody must be able to reach the sandbox")
    }
}
