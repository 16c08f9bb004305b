import Foundation
import Grading

/// `labkit feedback`: one Markdown file per student and lab.
struct FeedbackCommand: Command {
    static let name = "feedback"
    static let abstract = "Write one Markdown feedback file per student and lab."
    static let usage = "labkit feedback [--lab LAB ...] [--db FILE] [--to DIR]"
    static let details = """
        Options:
          --lab LAB   Only this lab; repeat for several. Default: every lab graded.
          --db FILE   The gradebook to read. Default: grading/gradebook.sqlite.
          --to DIR    Where to write DIR/<student>/<lab>.md. Default: grading/feedback.

        Each file gives the score per part, any late penalty and adjustment, build errors,
        and every test that did not pass with its message. Hidden tests are counted but
        named only once the lab's deadline has passed.
        """

    var labNames: [String]
    var database: String?
    var directory: String?

    init(arguments: inout ArgumentList) throws {
        labNames = try arguments.options("--lab")
        database = try arguments.option("--db")
        directory = try arguments.option("--to")
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let labs = try context.selectLabs(labNames).map(\.id)
        let gradebook = try context.openExistingGradebook(database)
        let folder =
            directory.map { URL(fileURLWithPath: $0) } ?? context.kit.appendingPathComponent("grading/feedback")
        let written = try FeedbackWriter(gradebook: gradebook).write(to: folder, labs: labs)
        print("Wrote \(written.count) feedback files to \(folder.path)")
        return .success
    }
}
