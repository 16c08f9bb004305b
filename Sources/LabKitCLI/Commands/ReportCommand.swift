import Foundation
import Grading

/// `labkit report`: class statistics from the gradebook.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Summarize the gradebook: totals, part statistics, test pass rates, histograms."
    static let usage = "labkit report [--lab LAB ...] [--format table|csv|html|json] [--db FILE] [--output FILE]"
    static let details = """
        Options:
          --lab LAB        Report only this lab; repeat for several. Default: every lab graded.
          --format FORMAT  table (default, for the terminal), csv (one row per student), html (a
                           single page with SVG charts that needs no network), or json.
          --db FILE        The gradebook to read. Default: grading/gradebook.sqlite.
          --output FILE    Write the report to FILE instead of standard output.

        Scores are each student's latest submission per lab, after late penalties and
        manual adjustments.
        """

    var labNames: [String]
    var format: ClassReport.OutputFormat
    var database: String?
    var output: String?

    init(arguments: inout ArgumentList) throws {
        labNames = try arguments.options("--lab")
        let formatName = try arguments.option("--format") ?? "table"
        guard let format = ClassReport.OutputFormat(rawValue: formatName) else {
            throw UsageError("--format must be table, csv, html or json, not \(formatName)")
        }
        self.format = format
        database = try arguments.option("--db")
        output = try arguments.option("--output")
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let labs = try context.selectLabs(labNames).map(\.id)
        let gradebook = try context.openExistingGradebook(database)
        let report = try ClassReport(gradebook: gradebook, course: context.course.title, labs: labs)
        try OutputDestination(path: output).write(try report.render(format))
        return .success
    }
}

/// Standard output, or a file named on the command line.
struct OutputDestination {
    var path: String?

    func write(_ text: String) throws {
        guard let path else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        print("Wrote \(path)")
    }
}
