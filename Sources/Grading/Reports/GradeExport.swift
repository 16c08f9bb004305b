import Foundation

/// Gradebook exports in the formats learning platforms import.
public enum GradeExport {
    public enum Format: String, Sendable, CaseIterable {
        case canvas, brightspace, gradescope
    }

    /// A Canvas gradebook import: the identity columns Canvas expects, then one column per
    /// lab headed by its title, and a "Points Possible" row.
    ///
    /// The student id goes in `SIS User ID`, which Canvas matches on when `ID` is empty.
    public static func canvas(scores: [CurrentScore], labs: [StoredLab]) -> String {
        let header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + labs.map(\.title)
        var lines = [header.map(CSV.field).joined(separator: ",")]
        let possible = ["Points Possible", "", "", "", ""] + labs.map { Grading.Format.points($0.possible) }
        lines.append(possible.map(CSV.field).joined(separator: ","))
        for student in Set(scores.map(\.student)).sorted() {
            let cells =
                ["", "", student, "", ""]
                + labs.map { lab in
                    scores.first { $0.student == student && $0.lab == lab.id }.map { Grading.Format.points($0.total) }
                        ?? ""
                }
            lines.append(cells.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Brightspace (D2L) grade import: `OrgDefinedId` prefixed with `#`, one
    /// `<item> Points Grade` column per lab, and the `End-of-Line Indicator` column.
    public static func brightspace(scores: [CurrentScore], labs: [StoredLab]) -> String {
        let header = ["OrgDefinedId"] + labs.map { "\($0.title) Points Grade" } + ["End-of-Line Indicator"]
        var lines = [header.map(CSV.field).joined(separator: ",")]
        for student in Set(scores.map(\.student)).sorted() {
            let cells =
                ["#\(student)"]
                + labs.map { lab in
                    scores.first { $0.student == student && $0.lab == lab.id }.map { Grading.Format.points($0.total) }
                        ?? ""
                } + ["#"]
            lines.append(cells.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Gradescope's autograder `results.json` for one student and lab: the total, and one
    /// entry per test with its points, part number and visibility.
    ///
    /// Hidden tests are shown
    /// only after the due date, as Gradescope's `after_due_date` visibility does.
    public static func gradescope(
        score: CurrentScore, results: [StoredResult], parts: [StoredPartScore], message: String?, seconds: Double
    ) throws -> String {
        struct Entry: Encodable {
            var score: Double
            var max_score: Double
            var name: String
            var number: String
            var output: String
            var status: String
            var visibility: String
        }
        struct Results: Encodable {
            var score: Double
            var execution_time: Int
            var output: String
            var visibility: String
            var stdout_visibility: String
            var tests: [Entry]
        }
        var counters: [Int: Int] = [:]
        let tests = results.map { result -> Entry in
            counters[result.part, default: 0] += 1
            return Entry(
                score: result.points, max_score: result.possible, name: result.name,
                number: "\(result.part).\(counters[result.part] ?? 1)", output: result.message ?? "",
                status: result.status == .passed ? "passed" : "failed",
                visibility: result.hidden ? "after_due_date" : "visible")
        }
        var summary = parts.map {
            "Part \($0.part) — \($0.title): \(Grading.Format.points($0.earned))/\(Grading.Format.points($0.possible))"
        }
        if score.penaltyPoints > 0 { summary.append("Late penalty: −\(Grading.Format.points(score.penaltyPoints))") }
        if score.adjustment != 0 { summary.append("Adjustment: \(Grading.Format.points(score.adjustment))") }
        if let message { summary.append(message) }
        let document = Results(
            score: score.total, execution_time: Int(seconds.rounded()), output: summary.joined(separator: "\n"),
            visibility: "visible", stdout_visibility: "hidden", tests: tests)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
