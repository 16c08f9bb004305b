import Foundation
import Grading

/// `labkit solutions`: the reference solution of a lab, once its deadline has passed.
struct SolutionsCommand: Command {
    static let name = "solutions"
    static let abstract =
        "Show or copy a lab's reference solution, with a diff against the scaffold, after its deadline."
    static let usage = "labkit solutions LAB [--to DIR] [--before-deadline]"
    static let details = """
        Arguments:
          LAB                The lab, such as gateway.

        Options:
          --to DIR           Copy the solution's sources to DIR and write DIR/scaffold.diff
                             there, instead of printing the diff.
          --before-deadline  For instructors: allow it before the deadline.

        The deadline is the lab's latest, counting every student's extension, so that no
        solution leaves while anyone may still submit.
        """

    var lab: String
    var destination: String?
    var beforeDeadline: Bool

    init(arguments: inout ArgumentList) throws {
        destination = try arguments.option("--to")
        beforeDeadline = arguments.flag("--before-deadline")
        guard let lab = arguments.positional() else { throw UsageError("name the lab, such as gateway") }
        self.lab = lab
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        guard let descriptor = try context.selectLabs([lab]).first, let config = context.course.lab(id: descriptor.id)
        else { throw UsageError("no lab named \(lab)") }
        let deadline = context.course.extensions.filter { $0.lab == config.id }.map(\.deadline).reduce(
            config.deadline, max)
        guard beforeDeadline || Date() >= deadline else {
            LabKitTool.printError(
                "the solution of \(config.id) is available after \(Timestamp.string(deadline)) (its latest deadline, "
                    + "counting extensions); pass --before-deadline to release it now")
            return .checkFailed
        }
        let solution = context.kit.appendingPathComponent("Solutions/\(descriptor.folder)/Sources")
        let scaffold = context.kit.appendingPathComponent("Labs/\(descriptor.folder)/Sources")
        guard SubmissionFolder.isDirectory(solution) else {
            throw UsageError("this copy of the kit has no Solutions/\(descriptor.folder); ask your instructor for it")
        }
        let diff = try unifiedDiff(from: scaffold, to: solution, in: context.kit)
        guard let destination else {
            print(diff)
            return .success
        }
        try copy(solution, to: URL(fileURLWithPath: destination), diff: diff)
        print("Copied the solution of \(config.id) to \(destination), with scaffold.diff")
        return .success
    }

    private func unifiedDiff(from scaffold: URL, to solution: URL, in kit: URL) throws -> String {
        let output = try ChildProcess.run(
            [
                "diff", "-ruN", "Labs/\(scaffold.deletingLastPathComponent().lastPathComponent)/Sources",
                "Solutions/\(solution.deletingLastPathComponent().lastPathComponent)/Sources",
            ],
            in: kit, environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        // diff exits 1 when the folders differ, which is the expected case.
        guard case .exited(let status) = output.termination, status <= 1 else {
            throw UsageError("diff failed: \(output.standardError)")
        }
        return output.standardOutput
    }

    private func copy(_ solution: URL, to destination: URL, diff: String) throws {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for path in try FileManager.default.subpathsOfDirectory(atPath: solution.path) where path.hasSuffix(".swift") {
            let target = destination.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.copyItem(at: solution.appendingPathComponent(path), to: target)
        }
        try diff.write(to: destination.appendingPathComponent("scaffold.diff"), atomically: true, encoding: .utf8)
    }
}
