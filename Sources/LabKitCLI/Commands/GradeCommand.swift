import Foundation
import Grading

/// `labkit grade`: grades a folder of submissions into the gradebook.
struct GradeCommand: Command {
    static let name = "grade"
    static let abstract = "Grade a folder of student submissions into the SQLite gradebook."
    static let usage = "labkit grade SUBMISSIONS [--lab LAB ...] [--db FILE] [--jobs N] [--shard K/N] [--force]"
    static let details = """
        Arguments:
          SUBMISSIONS              A folder with one subfolder per student, named by student id,
                                   each holding the student's copy of the kit or just its Labs/
                                   folder.

        Options:
          --lab LAB                Grade only this lab; repeat for several. Default: every lab in
                                   grading/course.yaml.
          --db FILE                The gradebook to write. Default: grading/gradebook.sqlite.
          --jobs N                 Submissions graded at once, each in its own sandbox (default 1).
          --shard K/N              Grade only the K-th of N equal shares of the batch, for running
                                   shards on several machines; combine them with labkit merge.
          --force                  Grade again submissions already graded with the same tests.
          --per-test SECONDS       A test running longer is stopped and scored as timed out
                                   (default 60).
          --memory MEBIBYTES       The test process's address-space limit (default 8192).
          --build-timeout SECONDS  A submission's build running longer is stopped and scored 0 as a
                                   failed build (default 1800).
          --work DIR               Where sandboxes and their builds live (default
                                   .build/labkit-grade).
          --expect FILE            After grading, compare each total with FILE (YAML mapping student
                                   to lab to total, such as grading/samples/expected.yaml); exit 1
                                   on any difference.

        Submission times come from SUBMISSIONS/submissions.csv when it exists (columns
        student, lab, submitted_at in ISO 8601), otherwise from the newest modification
        time of the lab's files. An interrupted run resumes where it stopped: finished
        gradings are kept, and unchanged submissions are not graded again.

        Exit status 0 when every submission was graded, skipped, rejected or failed to
        build (all of which are recorded); 1 when the grader itself failed on any.

        When labkit runs as root on Linux with bubblewrap (bwrap) and setpriv installed,
        student tests run as the user nobody with no network but loopback and a read-only
        file system; otherwise they run as your user. The first output line says which.
        """

    var submissions: String
    var labNames: [String]
    var database: String?
    var jobs: Int
    var shard: (index: Int, count: Int)?
    var force: Bool
    var perTest: Int
    var memory: Int
    var buildTimeout: Int
    var work: String?
    var expect: String?

    init(arguments: inout ArgumentList) throws {
        labNames = try arguments.options("--lab")
        database = try arguments.option("--db")
        jobs = try arguments.integerOption("--jobs", in: 1...64) ?? 1
        shard = try Self.parseShard(try arguments.option("--shard"))
        force = arguments.flag("--force")
        perTest = try arguments.integerOption("--per-test", in: 1...3_600) ?? 60
        memory = try arguments.integerOption("--memory", in: 256...1_048_576) ?? 8_192
        buildTimeout = try arguments.integerOption("--build-timeout", in: 10...86_400) ?? 1_800
        work = try arguments.option("--work")
        expect = try arguments.option("--expect")
        guard let submissions = arguments.positional() else {
            throw UsageError("name the folder of submissions to grade")
        }
        self.submissions = submissions
    }

    static func parseShard(_ text: String?) throws -> (index: Int, count: Int)? {
        guard let text else { return nil }
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw UsageError("--shard takes K/N with 1 ≤ K ≤ N, such as 2/8; found \(text)")
        }
        return (parts[0], parts[1])
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let labs = try context.selectLabs(labNames)
        let folder = URL(fileURLWithPath: submissions)
        guard SubmissionFolder.isDirectory(folder) else {
            throw UsageError("the submissions folder \(submissions) does not exist")
        }
        let gradebook = try context.openGradebook(database)
        let settings = Grader.Settings(
            jobs: jobs,
            limits: RunLimits(
                perTest: .seconds(perTest), memoryBytes: memory << 20, confinement: .strongestAvailable),
            force: force,
            shard: shard,
            command: (["labkit"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            buildTimeout: .seconds(buildTimeout))
        let workDirectory =
            work.map { URL(fileURLWithPath: $0) }
            ?? context.kit.appendingPathComponent(".build/labkit-grade")
        let printer = ProgressPrinter()
        printer.say("Student code runs confined by: \(settings.limits.confinement.rawValue).")
        let grader = Grader(
            kit: context.kit, course: context.course, gradebook: gradebook, workDirectory: workDirectory,
            settings: settings, progress: printer.print)
        let summary = try grader.grade(submissions: folder, labs: labs)

        print(printer.summaryLine(summary))
        print("")
        print(try ScoreTable(gradebook: gradebook, labs: labs.map(\.id)).render())
        let expectationsHold = try expect.map { try compare(gradebook, expectedAt: $0) } ?? true
        return summary.errors == 0 && expectationsHold ? .success : .checkFailed
    }

    /// Prints how the current totals compare with the expected ones; returns whether all match.
    private func compare(_ gradebook: Gradebook, expectedAt path: String) throws -> Bool {
        let expected = try SampleCheck.expectedTotals(at: URL(fileURLWithPath: path))
        let comparisons = SampleCheck.compare(expected, with: try gradebook.currentScores())
        let wrong = comparisons.filter { !$0.matches }
        print("")
        if wrong.isEmpty {
            print("All \(comparisons.count) totals match \(path).")
        }
        for comparison in wrong {
            let awarded = comparison.awarded.map(Format.points) ?? "no grading"
            print(
                "✘ \(comparison.student) \(comparison.lab): expected \(Format.points(comparison.expected)), awarded \(awarded)"
            )
        }
        return wrong.isEmpty
    }
}

/// Helpers for checking paths given on the command line.
enum SubmissionFolder {
    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
