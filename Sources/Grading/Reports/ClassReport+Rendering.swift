import Foundation

extension ClassReport {
    /// The output formats of `labkit report`.
    public enum OutputFormat: String, Sendable, CaseIterable {
        case table, csv, html, json
    }

    /// Renders the report in one format.
    public func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderTable()
        case .csv: renderCSV()
        case .html: renderHTML()
        case .json: try renderJSON()
        }
    }

    // MARK: - Table

    func renderTable() -> String {
        var sections = ["\(course) — \(students.count) students"]
        for lab in labs {
            var lines = ["", "\(lab.title) (\(lab.lab)), out of \(Format.points(lab.possible))"]
            lines.append(statisticsLine("total", lab.totals))
            for part in lab.parts {
                lines.append(
                    statisticsLine("part \(part.part) \(part.title) (/\(Format.points(part.possible)))", part.earned))
            }
            lines.append(
                "students per tenth of the points (0–10 % first, 90–100 % last): "
                    + lab.histogram.map(String.init).joined(separator: " "))
            lines.append("least passed tests:")
            for test in lab.tests.prefix(10) {
                lines.append("  \(percent(test.rate)) part \(test.part) \(test.name) (\(test.passed)/\(test.total))")
            }
            sections.append(lines.joined(separator: "\n"))
        }
        let labIDs = labs.map(\.lab)
        var rows = [["student"] + labIDs + ["total"]]
        for student in students {
            rows.append(
                [student.student] + labIDs.map { student.scores[$0].map(Format.points) ?? "—" }
                    + [Format.points(student.total)])
        }
        sections.append("\n" + TextTable(rows: rows).render())
        return sections.joined(separator: "\n")
    }

    private func statisticsLine(_ label: String, _ statistics: Statistics) -> String {
        "\(label): mean \(Format.points(statistics.mean)), median \(Format.points(statistics.median)), "
            + "min \(Format.points(statistics.minimum)), max \(Format.points(statistics.maximum)), "
            + "sd \(Format.points(statistics.standardDeviation)), n \(statistics.count)"
    }

    private func percent(_ rate: Double) -> String {
        let text = "\(Int((rate * 100).rounded()))%"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }

    // MARK: - CSV

    func renderCSV() -> String {
        let labIDs = labs.map(\.lab)
        var lines = [(["student"] + labIDs + ["total"]).map(CSV.field).joined(separator: ",")]
        for student in students {
            let cells =
                [student.student] + labIDs.map { student.scores[$0].map(Format.points) ?? "" }
                + [Format.points(student.total)]
            lines.append(cells.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// CSV quoting as RFC 4180 describes it, plus a guard against spreadsheet formulas.
public enum CSV {
    /// Quotes a field when it contains a comma, quote or line break, and prefixes `'` to a
    /// field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`), since student
    /// ids and messages come from outside.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
