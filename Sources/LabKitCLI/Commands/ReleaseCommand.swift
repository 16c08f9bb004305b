import Foundation
import Grading

/// `labkit release`: writes the student edition of the kit.
struct ReleaseCommand: Command {
    static let name = "release"
    static let abstract = "Write the student edition: no solutions, hidden tests, gradebook or extensions."
    static let usage = "labkit release --to DIR [--skip-build]"
    static let details = """
        Options:
          --to DIR       A new or empty folder for the student edition.
          --skip-build   Do not build the edition to check that it compiles.

        The edition leaves out Solutions/, each lab's hidden tests, the gradebook,
        feedback, the sample submissions and CI, and rewrites grading/course.yaml
        without per-student extensions. It is then built with `swift build --build-tests`
        in DIR, which proves that every scaffold compiles without the solutions.
        """

    var destination: String
    var skipBuild: Bool

    init(arguments: inout ArgumentList) throws {
        guard let destination = try arguments.option("--to") else { throw UsageError("--to DIR is required") }
        self.destination = destination
        skipBuild = arguments.flag("--skip-build")
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let folder = URL(fileURLWithPath: destination)
        let edition = StudentEdition(kit: context.kit, course: context.course)
        let count = try edition.write(to: folder)
        print("Wrote the student edition to \(folder.path) (\(count) files).")
        guard !skipBuild else { return .success }

        print("Building it to check that every scaffold compiles…")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labkit-release-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runner = SuiteRunner(packageDirectory: folder, scratchPath: scratch, solutions: false)
        do {
            try runner.build()
        } catch let error as GradingError where error.code == .buildFailed {
            LabKitTool.printError("the student edition does not build:\n\(error.message)")
            return .checkFailed
        }
        print("The student edition builds.")
        return .success
    }
}
