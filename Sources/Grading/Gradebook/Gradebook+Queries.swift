public import Foundation
import LabKit

/// A student's current score in one lab: the latest submission's grading plus adjustments.
public struct CurrentScore: Sendable, Codable {
    public var student: String
    public var lab: String
    public var gradingID: Int64
    public var status: String
    public var earned: Double
    public var possible: Double
    public var penaltyPoints: Double
    public var adjustment: Double
    public var total: Double
}

/// One part's points in one grading.
public struct StoredPartScore: Sendable, Codable {
    public var part: Int
    public var title: String
    public var earned: Double
    public var possible: Double
}

/// One test's stored result in one grading.
public struct StoredResult: Sendable, Codable {
    public var testID: String
    public var name: String
    public var part: Int
    public var hidden: Bool
    public var status: TestStatus
    public var message: String?
    public var points: Double
    public var possible: Double
}

/// How often the class passed one test.
public struct TestPassRate: Sendable, Codable {
    public var lab: String
    public var testID: String
    public var name: String
    public var part: Int
    public var passed: Int
    public var total: Int

    public var rate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
}

/// A lab as the gradebook describes it.
public struct StoredLab: Sendable, Codable {
    public var id: String
    public var title: String
    public var deadline: Date
    public var possible: Double
    public var parts: [StoredPartScore]
}

extension Gradebook {
    /// Every student's current score in each lab, ordered by student then lab.
    public func currentScores(labs: [String]? = nil) throws -> [CurrentScore] {
        try database.query(
            """
            SELECT student_id, lab_id, grading_id, status, earned, possible, penalty_points, adjustment, total
            FROM current_scores ORDER BY student_id, lab_id
            """
        ).map { row in
            CurrentScore(
                student: row["student_id"].text ?? "", lab: row["lab_id"].text ?? "",
                gradingID: row["grading_id"].integer ?? 0, status: row["status"].text ?? "",
                earned: row["earned"].real ?? 0, possible: row["possible"].real ?? 0,
                penaltyPoints: row["penalty_points"].real ?? 0, adjustment: row["adjustment"].real ?? 0,
                total: row["total"].real ?? 0)
        }.filter { labs?.contains($0.lab) ?? true }
    }

    /// The labs the gradebook knows, with their parts.
    public func storedLabs() throws -> [StoredLab] {
        try database.query("SELECT id, title, deadline, possible FROM labs ORDER BY id").map { row in
            let id = row["id"].text ?? ""
            let parts = try database.query(
                "SELECT part, title, points FROM parts WHERE lab_id = ? ORDER BY part", [.text(id)]
            ).map { part in
                StoredPartScore(
                    part: Int(part["part"].integer ?? 0), title: part["title"].text ?? "", earned: 0,
                    possible: part["points"].real ?? 0)
            }
            return StoredLab(
                id: id, title: row["title"].text ?? id,
                deadline: Timestamp.date(row["deadline"].text ?? "") ?? .distantFuture,
                possible: row["possible"].real ?? 0, parts: parts)
        }
    }

    /// The part scores of one grading, with the parts' titles.
    public func partScores(grading: Int64) throws -> [StoredPartScore] {
        try database.query(
            """
            SELECT ps.part, p.title, ps.earned, ps.possible FROM part_scores ps
            JOIN gradings g ON g.id = ps.grading_id
            JOIN submissions s ON s.id = g.submission_id
            JOIN parts p ON p.lab_id = s.lab_id AND p.part = ps.part
            WHERE ps.grading_id = ? ORDER BY ps.part
            """, [.integer(grading)]
        ).map { row in
            StoredPartScore(
                part: Int(row["part"].integer ?? 0), title: row["title"].text ?? "",
                earned: row["earned"].real ?? 0, possible: row["possible"].real ?? 0)
        }
    }

    /// The test results of one grading, in part order.
    public func results(grading: Int64) throws -> [StoredResult] {
        try database.query(
            """
            SELECT r.test_id, COALESCE(t.name, r.test_id) AS name, COALESCE(t.part, 0) AS part,
                   COALESCE(t.hidden, 0) AS hidden, r.status, r.message, r.points, r.possible
            FROM results r
            JOIN gradings g ON g.id = r.grading_id
            JOIN submissions s ON s.id = g.submission_id
            LEFT JOIN tests t ON t.lab_id = s.lab_id AND t.test_id = r.test_id
            WHERE r.grading_id = ? ORDER BY part, r.test_id
            """, [.integer(grading)]
        ).map { row in
            StoredResult(
                testID: row["test_id"].text ?? "", name: row["name"].text ?? "",
                part: Int(row["part"].integer ?? 0), hidden: row["hidden"].integer == 1,
                status: TestStatus(rawValue: row["status"].text ?? "") ?? .notRun,
                message: row["message"].text, points: row["points"].real ?? 0,
                possible: row["possible"].real ?? 0)
        }
    }

    /// The grading's status message: compiler errors or a rejection reason.
    public func gradingMessage(_ grading: Int64) throws -> String? {
        try database.query("SELECT message FROM gradings WHERE id = ?", [.integer(grading)]).first?["message"].text
    }

    /// The submission behind a grading: its time and late penalty.
    public func lateness(grading: Int64) throws -> (submittedAt: Date?, lateSeconds: Double, penaltyPercent: Double) {
        let row = try database.query(
            """
            SELECT s.submitted_at, COALESCE(ls.late_seconds, 0) AS late, COALESCE(ls.penalty_percent, 0) AS penalty
            FROM gradings g JOIN submissions s ON s.id = g.submission_id
            LEFT JOIN lab_scores ls ON ls.grading_id = g.id WHERE g.id = ?
            """, [.integer(grading)]
        ).first
        return (
            Timestamp.date(row?["submitted_at"].text ?? ""), row?["late"].real ?? 0, row?["penalty"].real ?? 0
        )
    }

    /// For each test of each lab, how many current gradings passed it.
    public func passRates(labs: [String]? = nil) throws -> [TestPassRate] {
        try database.query(
            """
            SELECT s.lab_id, r.test_id, COALESCE(t.name, r.test_id) AS name, COALESCE(t.part, 0) AS part,
                   SUM(r.status = 'passed') AS passed, COUNT(*) AS total
            FROM current_scores cs
            JOIN gradings g ON g.id = cs.grading_id
            JOIN submissions s ON s.id = g.submission_id
            JOIN results r ON r.grading_id = g.id
            LEFT JOIN tests t ON t.lab_id = s.lab_id AND t.test_id = r.test_id
            GROUP BY s.lab_id, r.test_id ORDER BY s.lab_id, part, r.test_id
            """
        ).map { row in
            TestPassRate(
                lab: row["lab_id"].text ?? "", testID: row["test_id"].text ?? "", name: row["name"].text ?? "",
                part: Int(row["part"].integer ?? 0), passed: Int(row["passed"].integer ?? 0),
                total: Int(row["total"].integer ?? 0))
        }.filter { labs?.contains($0.lab) ?? true }
    }
}
