import Foundation
import Grading
import Testing

@Suite("Submission intake")
struct SubmissionIntakeTests {
    let lab = LabDescriptor(id: "gateway", folder: "01-gateway", module: "Gateway")

    @Test("lab sources found at top or one level down")
    func locatesSources() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/Routing/Route.swift", "struct Route {}\n")
        try folder.write("s1/Labs/01-gateway/Sources/notes.txt", "not Swift")
        try folder.write("s2/my-kit/Labs/01-gateway/Sources/Route.swift", "struct Route {}\n")
        try folder.write("s3/README.md", "nothing here")
        let intake = SubmissionIntake()

        let first = try #require(
            try intake.load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil))
        #expect(first.files.map(\.path) == ["Routing/Route.swift"], "only Swift files are taken, with their subfolders")
        #expect(first.timeSource == .modificationTime)
        let second = try intake.load(lab: lab, student: folder.url.appendingPathComponent("s2"), manifestTime: nil)
        #expect(second?.files.count == 1, "an archive's extra top folder is allowed")
        #expect(try intake.load(lab: lab, student: folder.url.appendingPathComponent("s3"), manifestTime: nil) == nil)
    }

    @Test("content hash depends on names and contents only")
    func contentHash() {
        let a = SubmissionIntake.contentHash(of: [("A.swift", Data("x".utf8)), ("B.swift", Data("y".utf8))])
        let reordered = SubmissionIntake.contentHash(of: [("B.swift", Data("y".utf8)), ("A.swift", Data("x".utf8))])
        let renamed = SubmissionIntake.contentHash(of: [("A.swift", Data("x".utf8)), ("C.swift", Data("y".utf8))])
        let shifted = SubmissionIntake.contentHash(of: [("A.swift", Data("xy".utf8)), ("B.swift", Data())])
        #expect(a == reordered, "file order must not matter")
        #expect(a != renamed, "a renamed file is a different submission")
        #expect(a != shifted, "moving bytes between files is a different submission")
    }

    @Test(
        "rejected submissions name the file and the fix",
        arguments: [
            ("Package.swift", "// swift-tools-version: 6.0\n", "package manifest"),
            ("Sneaky.swift", "import Testing\n@Test func passes() {}\n", "import Testing"),
            ("Old.swift", "import XCTest\n", "import XCTest"),
        ])
    func rejections(name: String, contents: String, expected: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/\(name)", contents)
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.code == .invalidSubmission)
        #expect(
            error?.message.contains("Sources/\(name)") == true, "the message names the file: \(error?.message ?? "")")
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("link outside the submission is rejected")
    func linkOutside() throws {
        let folder = try TemporaryFolder()
        let secret = try folder.write("instructor/Solution.swift", "struct Secret {}\n")
        try folder.write("s1/Labs/01-gateway/Sources/Inside.swift", "struct Inside {}\n")
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("s1/Labs/01-gateway/Sources/Link.swift").path,
            withDestinationPath: secret.path)
        let error = #expect(throws: GradingError.self) {
            try SubmissionIntake().load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.message.contains("symbolic link") == true, "\(error?.message ?? "")")
    }

    @Test("oversized file is rejected with the limit")
    func oversized() throws {
        let folder = try TemporaryFolder()
        try folder.write("s1/Labs/01-gateway/Sources/Big.swift", String(repeating: "// padding\n", count: 1_000))
        var intake = SubmissionIntake()
        intake.maxFileBytes = 4_096
        let error = #expect(throws: GradingError.self) {
            try intake.load(lab: lab, student: folder.url.appendingPathComponent("s1"), manifestTime: nil)
        }
        #expect(error?.message.contains("over the 4 KiB limit") == true, "\(error?.message ?? "")")
    }

    @Test("student ids must be safe for files and CSV", arguments: ["s1001", "jane.doe@uni.example", "a_b-c"])
    func validStudentIDs(id: String) throws {
        try SubmissionIntake.validateStudentID(id)
    }

    @Test("unsafe student ids rejected", arguments: ["", "a b", "../x", "=cmd()", "name,with,commas"])
    func invalidStudentIDs(id: String) {
        #expect(throws: GradingError.self) { try SubmissionIntake.validateStudentID(id) }
    }

    @Test("manifest times override modification times")
    func manifest() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "submissions.csv",
            "student,lab,submitted_at\ns1,gateway,2027-02-14T22:10:00-05:00\ns2,,2027-02-15T08:00:00Z\n")
        let manifest = try SubmissionManifest.load(from: folder.url)
        #expect(manifest.time(student: "s1", lab: "gateway") == Date(timeIntervalSince1970: 1_802_661_000))
        #expect(
            manifest.time(student: "s2", lab: "gateway") == Date(timeIntervalSince1970: 1_802_678_400),
            "an empty lab applies to all")
        #expect(manifest.time(student: "s3", lab: "gateway") == nil)
    }

    @Test("bad manifest time names the line")
    func badManifest() throws {
        let folder = try TemporaryFolder()
        try folder.write("submissions.csv", "student,submitted_at\ns1,yesterday\n")
        let error = #expect(throws: GradingError.self) { try SubmissionManifest.load(from: folder.url) }
        #expect(error?.message.contains("submissions.csv:2") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("yesterday") == true)
    }
}

@Suite("Sandbox")
struct SandboxTests {
    @Test("synchronize restores the kit and removes strays")
    func synchronize() throws {
        let kit = try TemporaryFolder()
        try kit.write("Package.swift", "// manifest\n")
        try kit.write("Tests/LabTests/T.swift", "original test\n")
        try kit.write("Labs/01-lab/Sources/A.swift", "scaffold\n")
        try kit.write("Solutions/01-lab/Sources/A.swift", "solution\n")
        let work = try TemporaryFolder()
        let sandbox = Sandbox(kit: kit.url, root: work.url.appendingPathComponent("kit"))
        try sandbox.synchronize()

        try "tampered\n".write(
            to: sandbox.root.appendingPathComponent("Tests/LabTests/T.swift"), atomically: true, encoding: .utf8)
        try "stray\n".write(
            to: sandbox.root.appendingPathComponent("Tests/LabTests/Extra.swift"), atomically: true, encoding: .utf8)
        try sandbox.synchronize()

        let test = try String(
            contentsOf: sandbox.root.appendingPathComponent("Tests/LabTests/T.swift"), encoding: .utf8)
        #expect(test == "original test\n", "a tampered test file must be restored")
        #expect(
            !FileManager.default.fileExists(
                atPath: sandbox.root.appendingPathComponent("Tests/LabTests/Extra.swift").path))
        #expect(
            !FileManager.default.fileExists(atPath: sandbox.root.appendingPathComponent("Solutions").path),
            "no solutions in a sandbox")
    }

    @Test("install replaces the lab's sources only")
    func install() throws {
        let kit = try TemporaryFolder()
        try kit.write("Labs/01-lab/Sources/A.swift", "scaffold A\n")
        try kit.write("Labs/01-lab/Sources/B.swift", "scaffold B\n")
        try kit.write("Labs/02-other/Sources/C.swift", "other\n")
        let work = try TemporaryFolder()
        let sandbox = Sandbox(kit: kit.url, root: work.url.appendingPathComponent("kit"))
        try sandbox.synchronize()
        let lab = LabDescriptor(id: "lab", folder: "01-lab", module: "Lab")
        try sandbox.install(
            files: [("A.swift", Data("student A\n".utf8)), ("New/D.swift", Data("student D\n".utf8))], lab: lab)

        let files = try FileManager.default.subpathsOfDirectory(
            atPath: sandbox.root.appendingPathComponent("Labs/01-lab/Sources").path)
        #expect(
            Set(files.filter { $0.hasSuffix(".swift") }) == ["A.swift", "New/D.swift"], "the scaffold's B.swift must go"
        )
        #expect(
            FileManager.default.fileExists(
                atPath: sandbox.root.appendingPathComponent("Labs/02-other/Sources/C.swift").path))
    }
}
