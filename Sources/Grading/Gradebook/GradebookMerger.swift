public import Foundation
import LabKit

extension Gradebook {
    /// Copies every run, grading, result, score and adjustment of another gradebook (such
    /// as one shard's) into this one.
    ///
    /// Row ids are renumbered; a run already present (same start, host, command and shard)
    /// is not copied again, so merging a shard twice changes nothing. Lab descriptions
    /// already present are kept.
    /// - Returns: The number of gradings copied.
    @discardableResult
    public func merge(from other: URL) throws -> Int {
        guard FileManager.default.fileExists(atPath: other.path) else {
            throw GradingError(.invalidGradebook, "no gradebook at \(other.path)")
        }
        let source = try Gradebook(path: other.path)
        let version = try source.schemaVersion
        guard version == (try schemaVersion) else {
            throw GradingError(
                .invalidGradebook, "\(other.path) has schema version \(version); open it with this labkit first")
        }
        // SQLite cannot attach a database inside a transaction, so attach first.
        return try database.withConnection { connection in
            try connection.run("ATTACH DATABASE ? AS shard", [.text(other.path)])
            defer { _ = try? connection.run("DETACH DATABASE shard") }
            return try connection.transaction(.immediate) { connection in
                try Self.copyShard(connection)
            }
        }
    }

    private static func copyShard(_ connection: SQLiteConnection) throws -> Int {
        try Self.copyDescriptions(connection)
        var copied = 0
        for run in try connection.query("SELECT * FROM shard.runs ORDER BY id") {
            copied += try Self.copyRun(run, connection: connection)
        }
        try connection.execute(
            """
            INSERT INTO adjustments (student_id, lab_id, points, reason, created_at, created_by)
            SELECT a.student_id, a.lab_id, a.points, a.reason, a.created_at, a.created_by FROM shard.adjustments a
            WHERE NOT EXISTS (SELECT 1 FROM adjustments b WHERE b.student_id = a.student_id AND b.lab_id = a.lab_id
                AND b.points = a.points AND b.reason = a.reason AND b.created_at = a.created_at)
            """)
        return copied
    }

    private static func copyDescriptions(_ connection: SQLiteConnection) throws {
        try connection.execute(
            """
            INSERT INTO students SELECT * FROM shard.students WHERE true ON CONFLICT (id) DO NOTHING;
            INSERT INTO labs SELECT * FROM shard.labs WHERE true ON CONFLICT (id) DO NOTHING;
            INSERT INTO parts SELECT * FROM shard.parts WHERE true ON CONFLICT (lab_id, part) DO NOTHING;
            INSERT INTO tests SELECT * FROM shard.tests WHERE true ON CONFLICT (lab_id, test_id) DO NOTHING;
            """)
    }

    /// Copies one run and its gradings unless the run is already present; returns the
    /// number of gradings copied.
    private static func copyRun(_ run: SQLiteRow, connection: SQLiteConnection) throws -> Int {
        let identity: [SQLiteValue] = [run["started_at"], run["host"], run["command"], run["shard"]]
        let existing = try connection.query(
            "SELECT id FROM runs WHERE started_at = ? AND host = ? AND command = ? AND shard IS ?", identity)
        guard existing.isEmpty else { return 0 }
        try connection.run(
            """
            INSERT INTO runs (started_at, finished_at, status, operator, host, command, toolchain, kit_version, shard,
                duration_seconds) SELECT started_at, finished_at, status, operator, host, command, toolchain,
                kit_version, shard, duration_seconds FROM shard.runs WHERE id = ?
            """, [run["id"]])
        let newRun = connection.lastInsertRowID
        let gradings = try connection.query(
            "SELECT id, submission_id FROM shard.gradings WHERE run_id = ?", [run["id"]])
        for grading in gradings {
            try copyGrading(grading, run: newRun, connection: connection)
        }
        return gradings.count
    }

    private static func copyGrading(_ grading: SQLiteRow, run: Int64, connection: SQLiteConnection) throws {
        try connection.run(
            """
            INSERT INTO submissions (student_id, lab_id, content_hash, submitted_at, time_source, file_count, byte_count)
            SELECT student_id, lab_id, content_hash, submitted_at, time_source, file_count, byte_count
            FROM shard.submissions WHERE id = ?
            ON CONFLICT (student_id, lab_id, content_hash, submitted_at) DO NOTHING
            """, [grading["submission_id"]])
        let submission =
            try connection.query(
                """
                SELECT m.id FROM submissions m JOIN shard.submissions s ON s.student_id = m.student_id
                    AND s.lab_id = m.lab_id AND s.content_hash = m.content_hash AND s.submitted_at = m.submitted_at
                WHERE s.id = ?
                """, [grading["submission_id"]]
            ).first?[0] ?? .null
        try connection.run(
            """
            INSERT INTO gradings (run_id, submission_id, tests_hash, status, message, started_at, finished_at,
                duration_seconds, attempts, log, anomalies)
            SELECT ?, ?, tests_hash, status, message, started_at, finished_at, duration_seconds, attempts, log, anomalies
            FROM shard.gradings WHERE id = ?
            """, [.integer(run), submission, grading["id"]])
        let newGrading = SQLiteValue.integer(connection.lastInsertRowID)
        let old = grading["id"]
        try connection.run(
            """
            INSERT INTO results SELECT ?, test_id, status, message, duration_seconds, points, possible
            FROM shard.results WHERE grading_id = ?
            """, [newGrading, old])
        try connection.run(
            "INSERT INTO part_scores SELECT ?, part, earned, possible FROM shard.part_scores WHERE grading_id = ?",
            [newGrading, old])
        try connection.run(
            """
            INSERT INTO lab_scores SELECT ?, earned, possible, late_seconds, penalty_percent, penalty_points, score
            FROM shard.lab_scores WHERE grading_id = ?
            """, [newGrading, old])
    }
}
