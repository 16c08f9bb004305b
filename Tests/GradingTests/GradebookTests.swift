import Foundation
import Grading
import LabKit
import Testing

@Suite("Gradebook")
struct GradebookTests {
    let lab = LabConfiguration(
        id: "gateway", title: "API gateway", module: "Gateway",
        deadline: Date(timeIntervalSince1970: 1_800_000_000),
        parts: [PartConfiguration(part: 1, title: "Routes", points: 10)]
    )

    /// Holds each test's gradebooks; removed when the test's suite instance goes away.
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    func temporaryPath() throws -> String {
        folder.url.appendingPathComponent("gradebook-\(UUID()).sqlite").path
    }

    func test(_ id: String, _ status: TestStatus) -> TestResult {
        TestResult(id: id, name: id, suites: ["Part 1 — Routes"], status: status, messages: [], duration: 0.1)
    }

    func record(run: Int64, status: TestStatus, hash: String, at time: Double) -> GradingRecord {
        let reference = [test("T.a()", .passed), test("T.b()", .passed)]
        let score = Scorer(lab: lab).score([test("T.a()", .passed), test("T.b()", status)], reference: reference)
        let submission = SubmissionRecord(
            student: "s1", lab: "gateway", contentHash: hash, submittedAt: Date(timeIntervalSince1970: time),
            timeSource: .manifest, fileCount: 3, byteCount: 900)
        return GradingRecord(
            runID: run, submission: submission, testsHash: "t1", status: .graded,
            startedAt: Date(), finishedAt: Date(), attempts: 1, score: score)
    }

    @Test("migrates a new file to the latest schema")
    func migrates() throws {
        let path = try temporaryPath()
        let gradebook = try Gradebook(path: path)
        #expect(try gradebook.schemaVersion == 1)
        _ = try Gradebook(path: path)
        #expect(try gradebook.schemaVersion == 1, "reopening must not re-apply migrations")
    }

    @Test("re-grading keeps history and scores the latest")
    func historyKept() throws {
        let gradebook = try Gradebook(path: try temporaryPath())
        try gradebook.describe(lab, tests: [test("T.a()", .passed), test("T.b()", .passed)], hidden: [])
        let info = Gradebook.RunInfo(command: "labkit grade", toolchain: "6.3", kitVersion: "test")
        let first = try gradebook.beginRun(info, at: Date())
        try gradebook.record(record(run: first, status: .failed, hash: "h1", at: 100))
        try gradebook.finishRun(first, at: Date(), duration: 1)
        let second = try gradebook.beginRun(info, at: Date())
        try gradebook.record(record(run: second, status: .passed, hash: "h2", at: 200))

        let gradings = try gradebook.database.query("SELECT count(*) FROM gradings")
        #expect(gradings.first?[0] == .integer(2), "a re-grade adds a grading and never replaces one")
        let current = try gradebook.database.query("SELECT total FROM current_scores WHERE student_id = 's1'")
        #expect(current.first?[0] == .real(10), "the newest submission's score is current")
        #expect(try gradebook.hasGrading(student: "s1", lab: "gateway", contentHash: "h1", testsHash: "t1"))
        #expect(try !gradebook.hasGrading(student: "s1", lab: "gateway", contentHash: "h1", testsHash: "t2"))
    }

    @Test("unfinished run marked interrupted")
    func interruptedRun() throws {
        let gradebook = try Gradebook(path: try temporaryPath())
        let info = Gradebook.RunInfo(command: "labkit grade", toolchain: "6.3", kitVersion: "test")
        let abandoned = try gradebook.beginRun(info, at: Date())
        _ = try gradebook.beginRun(info, at: Date())
        let status = try gradebook.database.query("SELECT status FROM runs WHERE id = ?", [.integer(abandoned)])
        #expect(status.first?[0] == .text("interrupted"))
    }

    @Test("adjustments add to the total and need a reason")
    func adjustments() throws {
        let gradebook = try Gradebook(path: try temporaryPath())
        try gradebook.describe(lab, tests: [test("T.a()", .passed), test("T.b()", .passed)], hidden: [])
        let run = try gradebook.beginRun(.init(command: "c", toolchain: "t", kitVersion: "k"), at: Date())
        try gradebook.record(record(run: run, status: .failed, hash: "h1", at: 100))
        try gradebook.adjust(student: "s1", lab: "gateway", points: 2.5, reason: "regrade request", at: Date())
        let total = try gradebook.database.query("SELECT total FROM current_scores WHERE student_id = 's1'")
        #expect(total.first?[0] == .real(7.5), "5 earned plus a 2.5 adjustment")
        #expect(throws: SQLiteError.self, "an adjustment without a reason must be rejected") {
            try gradebook.adjust(student: "s1", lab: "gateway", points: 1, reason: "  ", at: Date())
        }
    }
}

@Suite("Late policy")
struct LatePolicyTests {
    let deadline = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "penalty by lateness",
        arguments: [
            (LatePolicy(kind: .percentPerDay, percent: 10, cap: 50), -60.0, 0.0),
            (LatePolicy(kind: .percentPerDay, percent: 10, cap: 50), 1.0, 10.0),
            (LatePolicy(kind: .percentPerDay, percent: 10, cap: 50), 86_401.0, 20.0),
            (LatePolicy(kind: .percentPerDay, percent: 10, cap: 50), 30 * 86_400.0, 50.0),
            (LatePolicy(kind: .percentPerHour, percent: 5, cap: 100), 2.5 * 3_600, 15.0),
            (LatePolicy(kind: .zero), 1.0, 100.0),
            (LatePolicy(kind: .none), 1e7, 0.0),
            (LatePolicy(kind: .zero, graceMinutes: 15), 14 * 60.0, 0.0),
        ])
    func penalty(policy: LatePolicy, secondsLate: Double, expected: Double) {
        let submitted = deadline.addingTimeInterval(secondsLate)
        #expect(policy.penaltyPercent(submitted: submitted, deadline: deadline) == expected)
    }
}
