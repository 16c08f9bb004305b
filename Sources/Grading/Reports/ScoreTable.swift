/// A plain-text table of each student's current total per lab.
public struct ScoreTable: Sendable {
    public var scores: [CurrentScore]
    public var labs: [String]

    public init(gradebook: Gradebook, labs: [String]) throws {
        self.scores = try gradebook.currentScores(labs: labs)
        self.labs = labs
    }

    public init(scores: [CurrentScore], labs: [String]) {
        self.scores = scores
        self.labs = labs
    }

    /// The table, one row per student, with `—` where a student has no grading.
    public func render() -> String {
        let students = Array(Set(scores.map(\.student))).sorted()
        guard !students.isEmpty else { return "No gradings yet." }
        let header = ["student"] + labs + (labs.count > 1 ? ["total"] : [])
        var rows = [header]
        for student in students {
            let mine = scores.filter { $0.student == student }
            var row = [student]
            for lab in labs {
                row.append(mine.first { $0.lab == lab }.map(Self.cell) ?? "—")
            }
            if labs.count > 1 {
                row.append(Format.points(mine.reduce(0) { $0 + $1.total }))
            }
            rows.append(row)
        }
        return TextTable(rows: rows).render()
    }

    static func cell(_ score: CurrentScore) -> String {
        var text = "\(Format.points(score.total))/\(Format.points(score.possible))"
        if score.status == "build-failed" { text += " (build failed)" }
        if score.status == "rejected" { text += " (rejected)" }
        if score.penaltyPoints > 0 { text += " (late −\(Format.points(score.penaltyPoints)))" }
        if score.adjustment != 0 {
            text += " (adj \(score.adjustment > 0 ? "+" : "")\(Format.points(score.adjustment)))"
        }
        return text
    }
}

/// Columns of text padded to a common width, the first row underlined.
public struct TextTable: Sendable {
    public var rows: [[String]]

    public init(rows: [[String]]) {
        self.rows = rows
    }

    public func render() -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        if lines.count > 1 {
            lines.insert(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "), at: 1)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
