import Foundation
import Grading

/// `labkit adjust`: a manual change to a student's lab score.
struct AdjustCommand: Command {
    static let name = "adjust"
    static let abstract = "Add a manual adjustment to a student's lab score, with its reason."
    static let usage = "labkit adjust STUDENT LAB POINTS --reason TEXT [--db FILE] [--ungraded]"
    static let details = """
        Arguments:
          STUDENT         The student id, as in the submissions folder.
          LAB             The lab id, such as gateway.
          POINTS          Points to add, or a negative number such as -2 to deduct; at most
                          the lab's points either way.

        Options:
          --reason TEXT   Why; required, and kept with the time and your user name.
          --db FILE       The gradebook to change. Default: grading/gradebook.sqlite.
          --ungraded      Record it although the student has no grading in LAB yet; it
                          counts in totals once the student is graded. Without it, an
                          unknown student id is rejected, since it is most often a typo.

        Adjustments add up and are part of every total, report and export. They are never
        edited or deleted: to undo one, add the opposite adjustment with its own reason.
        """

    var student: String
    var lab: String
    var points: Double
    var reason: String
    var database: String?
    var allowUngraded: Bool

    init(arguments: inout ArgumentList) throws {
        guard let reason = try arguments.option("--reason"), !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError("--reason is required and must not be empty")
        }
        self.reason = reason
        database = try arguments.option("--db")
        allowUngraded = arguments.flag("--ungraded")
        guard let student = arguments.positional(), let lab = arguments.positional(),
            let pointsText = arguments.positionalAllowingNegative()
        else {
            throw UsageError("give the student, the lab and the points")
        }
        guard let points = Double(pointsText), points.isFinite else {
            throw UsageError("POINTS must be a number such as 2.5 or -1, not \(pointsText)")
        }
        self.student = student
        self.lab = lab
        self.points = points
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let labID = try context.selectLabs([lab]).first?.id ?? lab
        guard let configuration = context.course.lab(id: labID) else { throw UsageError("no lab named \(lab)") }
        try SubmissionIntake.validateStudentID(student)
        let possible = configuration.possiblePoints
        guard abs(points) <= possible else {
            throw UsageError(
                "POINTS must be from -\(Format.points(possible)) to \(Format.points(possible)), "
                    + "the points of \(labID), not \(Format.points(points))")
        }
        // Only an adjustment for a later grading may start a new gradebook.
        let gradebook = try allowUngraded ? context.openGradebook(database) : context.openExistingGradebook(database)
        let graded = try gradebook.currentScores(labs: [labID]).map(\.student)
        guard allowUngraded || graded.contains(student) else {
            throw UsageError(
                "\(student) has no grading in \(labID), so the adjustment would count in no total or export; "
                    + "check the student id, or pass --ungraded to record it for a later grading")
        }
        // An adjustment may come before any grading, so the lab must be described first.
        try gradebook.describe(configuration, tests: [], hidden: [])
        try gradebook.adjust(student: student, lab: labID, points: points, reason: reason, at: Date())
        let total = try gradebook.currentScores(labs: [labID]).first { $0.student == student }?.total
        let now = total.map { "; the total is now \(Format.points($0))" } ?? "; the student has no grading yet"
        print("Recorded \(points >= 0 ? "+" : "")\(Format.points(points)) for \(student) in \(labID)\(now).")
        return .success
    }
}
