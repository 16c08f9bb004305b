import Foundation
import Grading

/// `labkit export`: grades in a format a learning platform imports.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Export grades for Canvas, Brightspace or Gradescope."
    static let usage =
        "labkit export --format canvas|brightspace|gradescope [--lab LAB ...] [--student ID] [--db FILE] [--output FILE]"
    static let details = """
        Options:
          --format FORMAT  canvas: a gradebook CSV for Canvas's Import (student id in SIS User ID).
                           brightspace: a grades CSV for Brightspace (OrgDefinedId, Points Grade).
                           gradescope: the autograder's results.json for one student and one lab.
          --lab LAB        Export only this lab; repeat for several. gradescope needs exactly one.
          --student ID     The student for gradescope (default: the only student in the gradebook).
          --db FILE        The gradebook to read. Default: grading/gradebook.sqlite.
          --output FILE    Write to FILE instead of standard output.
        """

    var format: GradeExport.Format
    var labNames: [String]
    var student: String?
    var database: String?
    var output: String?

    init(arguments: inout ArgumentList) throws {
        guard let name = try arguments.option("--format") else {
            throw UsageError("--format is required: canvas, brightspace or gradescope")
        }
        guard let format = GradeExport.Format(rawValue: name) else {
            throw UsageError("--format must be canvas, brightspace or gradescope, not \(name)")
        }
        self.format = format
        labNames = try arguments.options("--lab")
        student = try arguments.option("--student")
        database = try arguments.option("--db")
        output = try arguments.option("--output")
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let labIDs = try context.selectLabs(labNames).map(\.id)
        let gradebook = try context.openExistingGradebook(database)
        let labs = try gradebook.storedLabs().filter { labIDs.contains($0.id) }
        let scores = try gradebook.currentScores(labs: labIDs)
        let text: String
        switch format {
        case .canvas: text = GradeExport.canvas(scores: scores, labs: labs)
        case .brightspace: text = GradeExport.brightspace(scores: scores, labs: labs)
        case .gradescope: text = try gradescope(scores: scores, labs: labs, gradebook: gradebook)
        }
        try OutputDestination(path: output).write(text)
        return .success
    }

    private func gradescope(scores: [CurrentScore], labs: [StoredLab], gradebook: Gradebook) throws -> String {
        guard labs.count == 1, let lab = labs.first else {
            throw UsageError("gradescope exports one lab at a time; name it with --lab")
        }
        let students = Set(scores.map(\.student))
        guard let chosen = student ?? (students.count == 1 ? students.first : nil) else {
            throw UsageError("the gradebook has \(students.count) students for \(lab.id); name one with --student")
        }
        guard let score = scores.first(where: { $0.student == chosen && $0.lab == lab.id }) else {
            throw UsageError("no grading for student \(chosen) in \(lab.id)")
        }
        let seconds =
            try gradebook.database.query(
                "SELECT duration_seconds FROM gradings WHERE id = ?", [.integer(score.gradingID)]
            ).first?[0].real ?? 0
        return try GradeExport.gradescope(
            score: score, results: try gradebook.results(grading: score.gradingID),
            parts: try gradebook.partScores(grading: score.gradingID),
            message: try gradebook.gradingMessage(score.gradingID), seconds: seconds)
    }
}
