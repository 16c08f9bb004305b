public import Foundation
public import LabKit

/// The SQLite gradebook: every run, submission, test result, score and adjustment.
///
/// History is append-only: re-grading adds a run and a grading, and nothing is updated
/// in place except a run's end. Each grading is written in one transaction, so a grader
/// killed at any moment leaves only complete gradings behind.
public final class Gradebook: Sendable {
    public let database: SQLiteDatabase

    /// Opens or creates the gradebook at `path` and brings its schema up to date.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or migrated.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, busyTimeout: .seconds(30))
        try database.enableWriteAheadLog()
        try database.execute("PRAGMA foreign_keys = ON")
        try migrate()
    }

    /// The schema version: the number of migrations applied.
    public var schemaVersion: Int {
        get throws {
            Int(try database.query("PRAGMA user_version").first?[0].integer ?? 0)
        }
    }

    private func migrate() throws {
        try database.transaction(.immediate) { connection in
            let current = Int(try connection.query("PRAGMA user_version").first?[0].integer ?? 0)
            guard current <= GradebookSchema.migrations.count else {
                throw GradingError(
                    .invalidGradebook,
                    "the gradebook at \(connection.path) has schema version \(current), newer than this labkit "
                        + "understands (\(GradebookSchema.migrations.count)); use a newer labkit")
            }
            for (index, migration) in GradebookSchema.migrations.enumerated() where index >= current {
                try connection.execute(migration)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    // MARK: - Course

    /// Records the lab, its parts and its reference tests, replacing earlier descriptions.
    public func describe(_ lab: LabConfiguration, tests: [TestResult], hidden: Set<String>) throws {
        try database.transaction(.immediate) { connection in
            try connection.run(
                """
                INSERT INTO labs (id, title, module, deadline, possible) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, module = excluded.module,
                    deadline = excluded.deadline, possible = excluded.possible
                """,
                [
                    .text(lab.id), .text(lab.title), .text(lab.module), .text(Timestamp.string(lab.deadline)),
                    .real(lab.possiblePoints),
                ])
            for part in lab.parts {
                try connection.run(
                    """
                    INSERT INTO parts (lab_id, part, title, points) VALUES (?, ?, ?, ?)
                    ON CONFLICT (lab_id, part) DO UPDATE SET title = excluded.title, points = excluded.points
                    """,
                    [.text(lab.id), .integer(Int64(part.part)), .text(part.title), .real(part.points)])
            }
            for test in tests {
                try connection.run(
                    """
                    INSERT INTO tests (lab_id, test_id, name, part, hidden) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (lab_id, test_id) DO UPDATE SET name = excluded.name, part = excluded.part,
                        hidden = excluded.hidden
                    """,
                    [
                        .text(lab.id), .text(test.id), .text(test.name), .integer(Int64(test.part ?? 0)),
                        .integer(hidden.contains(test.id) ? 1 : 0),
                    ])
            }
        }
    }

    // MARK: - Runs

    /// Facts about one invocation of the grader.
    public struct RunInfo: Sendable {
        public var command: String
        public var toolchain: String
        public var kitVersion: String
        public var shard: String?

        public init(command: String, toolchain: String, kitVersion: String, shard: String? = nil) {
            self.command = command
            self.toolchain = toolchain
            self.kitVersion = kitVersion
            self.shard = shard
        }
    }

    /// Starts a run, first marking runs that never finished as interrupted.
    public func beginRun(_ info: RunInfo, at date: Date) throws -> Int64 {
        try database.transaction(.immediate) { connection in
            try connection.run("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            try connection.run(
                """
                INSERT INTO runs (started_at, status, operator, host, command, toolchain, kit_version, shard)
                VALUES (?, 'running', ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(Timestamp.string(date)), .text(ProcessInfo.processInfo.userName),
                    .text(ProcessInfo.processInfo.hostName), .text(info.command), .text(info.toolchain),
                    .text(info.kitVersion), info.shard.map(SQLiteValue.text) ?? .null,
                ])
            return connection.lastInsertRowID
        }
    }

    /// Marks a run finished.
    public func finishRun(_ id: Int64, at date: Date, duration: Double) throws {
        try database.run(
            "UPDATE runs SET status = 'finished', finished_at = ?, duration_seconds = ? WHERE id = ?",
            [.text(Timestamp.string(date)), .real(duration), .integer(id)])
    }

    // MARK: - Gradings

    /// Whether this exact submission content was already graded with these tests.
    public func hasGrading(student: String, lab: String, contentHash: String, testsHash: String) throws -> Bool {
        let rows = try database.query(
            """
            SELECT 1 FROM gradings g JOIN submissions s ON s.id = g.submission_id
            WHERE s.student_id = ? AND s.lab_id = ? AND s.content_hash = ? AND g.tests_hash = ? LIMIT 1
            """,
            [.text(student), .text(lab), .text(contentHash), .text(testsHash)])
        return !rows.isEmpty
    }

    /// Writes one grading with its results and scores in a single transaction.
    public func record(_ grading: GradingRecord) throws {
        try database.transaction(.immediate) { connection in
            let submission = try insertSubmission(grading.submission, connection: connection)
            try connection.run(
                """
                INSERT INTO gradings (run_id, submission_id, tests_hash, status, message, started_at,
                    finished_at, duration_seconds, attempts, log, anomalies)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(grading.runID), .integer(submission), .text(grading.testsHash),
                    .text(grading.status.rawValue), grading.message.map(SQLiteValue.text) ?? .null,
                    .text(Timestamp.string(grading.startedAt)), .text(Timestamp.string(grading.finishedAt)),
                    .real(grading.finishedAt.timeIntervalSince(grading.startedAt)), .integer(Int64(grading.attempts)),
                    .text(grading.log), .text(grading.anomalies.joined(separator: "\n")),
                ])
            let gradingID = connection.lastInsertRowID
            if let score = grading.score {
                try insertScore(score, grading: gradingID, connection: connection)
            }
        }
    }

    private func insertSubmission(_ submission: SubmissionRecord, connection: SQLiteConnection) throws -> Int64 {
        try connection.run(
            "INSERT INTO students (id, first_seen_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
            [.text(submission.student), .text(Timestamp.string(Date()))])
        try connection.run(
            """
            INSERT INTO submissions (student_id, lab_id, content_hash, submitted_at, time_source,
                file_count, byte_count) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (student_id, lab_id, content_hash, submitted_at) DO NOTHING
            """,
            [
                .text(submission.student), .text(submission.lab), .text(submission.contentHash),
                .text(Timestamp.string(submission.submittedAt)), .text(submission.timeSource.rawValue),
                .integer(Int64(submission.fileCount)), .integer(Int64(submission.byteCount)),
            ])
        let row = try connection.query(
            """
            SELECT id FROM submissions
            WHERE student_id = ? AND lab_id = ? AND content_hash = ? AND submitted_at = ?
            """,
            [
                .text(submission.student), .text(submission.lab), .text(submission.contentHash),
                .text(Timestamp.string(submission.submittedAt)),
            ])
        guard let id = row.first?[0].integer else {
            throw GradingError(.invalidGradebook, "the submission row for \(submission.student) vanished")
        }
        return id
    }

    private func insertScore(_ score: LabScore, grading: Int64, connection: SQLiteConnection) throws {
        for test in score.tests {
            try connection.run(
                """
                INSERT INTO results (grading_id, test_id, status, message, duration_seconds, points, possible)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(grading), .text(test.result.id), .text(test.result.status.rawValue),
                    test.result.messages.isEmpty ? .null : .text(test.result.messages.joined(separator: "\n")),
                    test.result.duration.map(SQLiteValue.real) ?? .null, .real(test.points), .real(test.possible),
                ])
        }
        for part in score.parts {
            try connection.run(
                "INSERT INTO part_scores (grading_id, part, earned, possible) VALUES (?, ?, ?, ?)",
                [.integer(grading), .integer(Int64(part.part)), .real(part.earned), .real(part.possible)])
        }
        try connection.run(
            """
            INSERT INTO lab_scores (grading_id, earned, possible, late_seconds, penalty_percent,
                penalty_points, score) VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(grading), .real(score.earned), .real(score.possible), .real(score.lateSeconds),
                .real(score.penaltyPercent), .real(score.penaltyPoints), .real(score.score),
            ])
    }

    // MARK: - Adjustments

    /// Records a manual adjustment, kept with its reason and time.
    public func adjust(student: String, lab: String, points: Double, reason: String, at date: Date) throws {
        try database.transaction(.immediate) { connection in
            try connection.run(
                "INSERT INTO students (id, first_seen_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                [.text(student), .text(Timestamp.string(date))])
            try connection.run(
                """
                INSERT INTO adjustments (student_id, lab_id, points, reason, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(student), .text(lab), .real(points), .text(reason), .text(Timestamp.string(date)),
                    .text(ProcessInfo.processInfo.userName),
                ])
        }
    }
}

/// Times as the gradebook stores them: ISO 8601 in UTC with fractional seconds, which
/// sort correctly as text.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func date(_ string: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(string)
    }
}
