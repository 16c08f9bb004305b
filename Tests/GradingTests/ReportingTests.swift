import Foundation
import Grading
import LabKit
import Testing

/// A gradebook with one lab of two parts and three students, built through the public API.
final class SampleGradebook {
    let folder: TemporaryFolder
    let gradebook: Gradebook
    let lab = LabConfiguration(
        id: "gateway", title: "Lab 1: API gateway", module: "Gateway",
        deadline: Date(timeIntervalSince1970: 1_800_000_000),
        parts: [
            PartConfiguration(part: 1, title: "Routes", points: 10),
            PartConfiguration(part: 2, title: "Keys", points: 10),
        ])
    let reference: [TestResult]
    let hidden = "GatewayTests.HiddenPart2/secret()/Hidden.swift:3:4"

    init(path: String? = nil) throws {
        folder = try TemporaryFolder()
        gradebook = try Gradebook(path: path ?? folder.url.appendingPathComponent("gradebook.sqlite").path)
        reference = [
            Self.test("GatewayTests.Part1/a()/P1.swift:3:4", "route a", part: 1),
            Self.test("GatewayTests.Part1/b()/P1.swift:9:4", "route b", part: 1),
            Self.test("GatewayTests.Part2/c()/P2.swift:3:4", "key c", part: 2),
            Self.test(hidden, "secret key", part: 2),
        ]
        try gradebook.describe(lab, tests: reference, hidden: [hidden])
    }

    static func test(_ id: String, _ name: String, part: Int, status: TestStatus = .passed) -> TestResult {
        TestResult(id: id, name: name, suites: ["Part \(part) — x"], status: status, messages: [], duration: 0.1)
    }

    /// Records a grading where the tests at `failing` indices fail with a message.
    func grade(
        _ student: String, failing: [Int], run: Int64, submittedAt: Double = 1_799_000_000, penalty: Double = 0,
        messages: [String]? = nil
    ) throws {
        var results = reference
        for index in failing {
            results[index].status = .failed
            results[index].messages = messages ?? ["Expectation failed: \(results[index].name) must pass"]
        }
        let score = Scorer(lab: lab).score(results, reference: reference, hidden: [hidden], penaltyPercent: penalty)
        let submission = SubmissionRecord(
            student: student, lab: "gateway", contentHash: "\(student)-\(failing)",
            submittedAt: Date(timeIntervalSince1970: submittedAt), timeSource: .manifest, fileCount: 1, byteCount: 10)
        try gradebook.record(
            GradingRecord(
                runID: run, submission: submission, testsHash: "t", status: .graded, startedAt: Date(),
                finishedAt: Date(),
                attempts: 1, score: score))
    }

    func fill() throws {
        let run = try gradebook.beginRun(
            .init(command: "labkit grade", toolchain: "6.3", kitVersion: "test"), at: Date())
        try grade("s1", failing: [], run: run)
        try grade("s2", failing: [1, 3], run: run)
        try grade("s3", failing: [0, 1, 2, 3], run: run, penalty: 10)
        try gradebook.finishRun(run, at: Date(), duration: 3)
    }
}

@Suite("Reports and exports")
struct ReportingTests {
    @Test("scores shared within parts")
    func scoring() throws {
        let book = try SampleGradebook()
        try book.fill()
        let totals = Dictionary(uniqueKeysWithValues: try book.gradebook.currentScores().map { ($0.student, $0.total) })
        #expect(totals == ["s1": 20, "s2": 10, "s3": 0], "part 1: 5 points per test; part 2: 5 per test")
    }

    @Test("class report statistics and histogram")
    func classReport() throws {
        let book = try SampleGradebook()
        try book.fill()
        let report = try ClassReport(gradebook: book.gradebook, course: "Course", labs: nil)
        let lab = try #require(report.labs.first)
        #expect(lab.totals.mean == 10)
        #expect(lab.totals.median == 10)
        #expect(lab.histogram == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1], "0, 10 and 20 of 20 points")
        #expect(lab.tests.first?.rate == 1.0 / 3.0, "the least passed test comes first")
        let html = try report.render(.html)
        #expect(html.contains("<svg"), "the histogram is inline SVG")
        #expect(
            !html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""), "nothing is fetched")
        #expect(!html.contains("<script"), "the page has no scripts")
    }

    @Test("Canvas and Brightspace CSV")
    func platformCSV() throws {
        let book = try SampleGradebook()
        try book.fill()
        let scores = try book.gradebook.currentScores()
        let labs = try book.gradebook.storedLabs()
        let canvas = GradeExport.canvas(scores: scores, labs: labs).split(separator: "\n")
        #expect(canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Lab 1: API gateway")
        #expect(canvas[1] == "Points Possible,,,,,20")
        #expect(canvas[2] == ",,s1,,,20")
        let brightspace = GradeExport.brightspace(scores: scores, labs: labs).split(separator: "\n")
        #expect(brightspace[0] == "OrgDefinedId,Lab 1: API gateway Points Grade,End-of-Line Indicator")
        #expect(brightspace[3] == "#s3,0,#")
    }

    @Test(
        "CSV fields quoted and formulas neutralized",
        arguments: [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=1+1", "'=1+1"),
            ("-2", "-2"),
        ])
    func csvField(value: String, expected: String) {
        #expect(CSV.field(value) == expected)
    }

    @Test("Gradescope results carry hidden visibility")
    func gradescope() throws {
        let book = try SampleGradebook()
        try book.fill()
        let score = try #require(try book.gradebook.currentScores().first { $0.student == "s2" })
        let json = try GradeExport.gradescope(
            score: score, results: try book.gradebook.results(grading: score.gradingID),
            parts: try book.gradebook.partScores(grading: score.gradingID), message: nil, seconds: 12)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["score"] as? Double == 10)
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.count == 4)
        #expect(
            tests.contains { $0["name"] as? String == "secret key" && $0["visibility"] as? String == "after_due_date" })
        #expect(tests.contains { $0["number"] as? String == "2.1" }, "tests are numbered part.index")
    }

    @Test("feedback names hidden tests only after the deadline")
    func feedbackHidesHiddenTests() throws {
        let book = try SampleGradebook()
        try book.fill()
        let score = try #require(try book.gradebook.currentScores().first { $0.student == "s2" })
        let lab = try #require(try book.gradebook.storedLabs().first)
        let before = try FeedbackWriter(gradebook: book.gradebook, now: lab.deadline.addingTimeInterval(-60)).render(
            score, lab: lab)
        let after = try FeedbackWriter(gradebook: book.gradebook, now: lab.deadline.addingTimeInterval(60)).render(
            score, lab: lab)
        #expect(before.contains("route b"), "a visible failing test is always named")
        #expect(!before.contains("secret key"), "a hidden test must not be named before the deadline")
        #expect(before.contains("1 hidden test(s) did not pass"))
        #expect(after.contains("secret key** (hidden test)"), "after the deadline the hidden test is named")
        #expect(before.contains("**Score: 10 / 20**"))
    }

    @Test("feedback shows a repeated message once")
    func feedbackCollapsesRepeats() throws {
        let book = try SampleGradebook()
        let run = try book.gradebook.beginRun(
            .init(command: "labkit grade", toolchain: "6.3", kitVersion: "test"), at: Date())
        let repeated = "route b is not implemented yet"
        try book.grade("s3", failing: [1], run: run, messages: Array(repeating: repeated, count: 8) + ["one more"])
        let score = try #require(try book.gradebook.currentScores().first { $0.student == "s3" })
        let lab = try #require(try book.gradebook.storedLabs().first)
        let feedback = try FeedbackWriter(gradebook: book.gradebook, now: lab.deadline).render(score, lab: lab)

        #expect(feedback.contains("  > \(repeated) (8 times)"), "one line with its count:\n\(feedback)")
        #expect(feedback.components(separatedBy: repeated).count == 2, "and the line appears once")
        #expect(feedback.contains("  > one more"), "the next message is no longer cut off")
    }

    @Test("merging shards twice copies once")
    func mergeIsIdempotent() throws {
        let main = try SampleGradebook()
        let shard = try SampleGradebook()
        try shard.fill()
        try main.gradebook.adjust(
            student: "s1", lab: "gateway", points: 1, reason: "bonus", at: Date(timeIntervalSince1970: 5))
        try shard.gradebook.adjust(
            student: "s1", lab: "gateway", points: 1, reason: "bonus", at: Date(timeIntervalSince1970: 5))

        let shardPath = shard.folder.url.appendingPathComponent("gradebook.sqlite")
        #expect(try main.gradebook.merge(from: shardPath) == 3)
        #expect(try main.gradebook.merge(from: shardPath) == 0, "a run already merged is skipped")
        let totals = Dictionary(uniqueKeysWithValues: try main.gradebook.currentScores().map { ($0.student, $0.total) })
        #expect(totals == ["s1": 21, "s2": 10, "s3": 0], "the identical adjustment is not doubled")
    }
}

@Suite("Student edition")
struct StudentEditionTests {
    @Test("leaves out solutions, hidden tests and secrets")
    func excludes() throws {
        let kit = try TemporaryFolder()
        for path in [
            "Package.swift", "README.md", "Labs/01-gateway/Sources/A.swift", "Solutions/01-gateway/Sources/A.swift",
            "Tests/GatewayTests/Part1.swift", "Tests/GatewayTests/Hidden/Secret.swift", "grading/gradebook.sqlite",
            "grading/samples/s1/Labs/01-gateway/Sources/A.swift", ".ci/run", "grading/README.md",
        ] {
            try kit.write(path, "content of \(path)\n")
        }
        let lab = LabConfiguration(
            id: "gateway", title: "Lab \"1\"", module: "Gateway", deadline: Date(timeIntervalSince1970: 1_800_000_000),
            parts: [PartConfiguration(part: 1, title: "Routes", points: 10)], hiddenTests: "Tests/GatewayTests/Hidden")
        let course = CourseConfiguration(
            title: "Course", labs: [lab],
            extensions: [Extension(student: "s1", lab: "gateway", deadline: Date(timeIntervalSince1970: 1_900_000_000))]
        )
        let edition = StudentEdition(kit: kit.url, course: course)
        let included = Set(try edition.includedFiles())

        #expect(
            included == [
                "Package.swift", "Labs/01-gateway/Sources/A.swift", "Tests/GatewayTests/Part1.swift",
                "grading/README.md",
            ])
        let yaml = edition.studentConfiguration()
        #expect(!yaml.contains("extensions"), "extensions are private to the instructor")
        #expect(!yaml.contains("s1"))
        #expect(!yaml.contains("Hidden"))

        let reloaded = try YAMLDecoder().decode(CourseConfiguration.self, from: yaml)
        #expect(reloaded.labs.first?.title == "Lab \"1\"", "quoted titles round-trip")
        #expect(reloaded.labs.first?.deadline == lab.deadline)
    }
}
