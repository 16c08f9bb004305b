import Foundation
import Grading

/// `labkit verify`: every graded test fails on the scaffold and passes on the solution.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract =
        "Check that scaffolds fail every graded test, solutions pass them, and samples score as expected."
    static let usage = "labkit verify [--lab LAB ...] [--build-dir DIR] [--skip-samples]"
    static let details = """
        Options:
          --lab LAB        Verify only this lab (an id such as gateway, or a module name).
                           Repeat for several labs. Default: every lab in Package.swift.
          --build-dir DIR  Where the scaffold and solution builds go, as two subfolders.
                           Default: .build/labkit-verify in the kit's folder.
          --skip-samples   Do not grade the sample submissions.

        The scaffolds and the reference solutions are built separately, each lab's
        test target runs on both, and the results are read from Swift Testing's event
        stream. A test that passes on the unmodified scaffold cannot tell a student's
        work from no work; a test that fails on the solution is broken.

        Then the sample submissions in grading/samples are graded into a temporary
        gradebook, and each total must equal the one in grading/samples/expected.yaml.

        Exit status 0 when every lab holds and every sample scores as expected, 1 otherwise.
        """

    var labNames: [String]
    var buildDirectory: String?
    var skipSamples: Bool

    init(arguments: inout ArgumentList) throws {
        labNames = try arguments.options("--lab")
        buildDirectory = try arguments.option("--build-dir")
        skipSamples = arguments.flag("--skip-samples")
    }

    func run() async throws -> ExitStatus {
        let package = try KitLocation.packageDirectory()
        let allLabs = try LabCatalog.labs(in: package)
        let labs = try labNames.isEmpty ? allLabs : labNames.map { try LabCatalog.lab(named: $0, in: allLabs) }
        let builds =
            buildDirectory.map { URL(fileURLWithPath: $0) }
            ?? package.appendingPathComponent(".build/labkit-verify")

        let verifier = ScaffoldVerifier(packageDirectory: package, buildDirectory: builds)
        let reports = try verifier.verify(labs) { step in print("· \(step)") }
        for report in reports {
            print(summary(of: report))
        }
        let weightsValid = try checkWeights(package: package, allLabs: allLabs, reports: reports)
        let samplesHold =
            try skipSamples || checkSamples(package: package, labs: labs, allLabs: allLabs, builds: builds)
        return reports.allSatisfy(\.isValid) && weightsValid && samplesHold ? .success : .checkFailed
    }

    /// Checks that every test named in a lab's `weights` exists, and prints each one that does not.
    ///
    /// The scorer gives an unknown id no weight, so a mistyped key would silently leave its
    /// test at weight 1.
    private func checkWeights(package: URL, allLabs: [LabDescriptor], reports: [ScaffoldVerifier.Report]) throws
        -> Bool
    {
        let path = package.appendingPathComponent("grading/course.yaml")
        guard FileManager.default.fileExists(atPath: path.path) else { return true }
        let course = try CourseConfiguration.load(from: path, labs: allLabs)
        var allKnown = true
        for report in reports {
            guard let lab = course.lab(id: report.lab.id) else { continue }
            let known = Set(report.solution.tests.map { TestIdentity.withoutSourceLocation($0.id) })
            for id in lab.weights.keys.sorted() where !known.contains(id) {
                let example = known.sorted().first ?? "Module.Suite/function()"
                print(
                    "✘ course.yaml: the weights of \(lab.id) name \(id), which is not a test; ids look like \(example)")
                allKnown = false
            }
        }
        return allKnown
    }

    /// Grades the samples of `labs`, prints one line per expected total, and returns whether all match.
    ///
    /// The course configuration is checked against every lab of the package, `allLabs`, because it
    /// names them all even when `--lab` selects a few.
    private func checkSamples(package: URL, labs: [LabDescriptor], allLabs: [LabDescriptor], builds: URL) throws
        -> Bool
    {
        let samples = package.appendingPathComponent("grading/samples")
        guard FileManager.default.fileExists(atPath: samples.appendingPathComponent("expected.yaml").path) else {
            print("· no grading/samples/expected.yaml; skipping the sample check")
            return true
        }
        // The course names every lab, so it is checked against them all, not the selection.
        let course = try CourseConfiguration.load(
            from: package.appendingPathComponent("grading/course.yaml"), labs: allLabs)
        let check = SampleCheck(
            kit: package, course: course, samples: samples, workDirectory: builds.appendingPathComponent("samples"),
            limits: RunLimits(perTest: .seconds(20), confinement: .strongestAvailable))
        let printer = ProgressPrinter()
        print("· grading the sample submissions")
        let comparisons = try check.run(labs: labs, progress: printer.print)
        if comparisons.isEmpty {
            print("· no sample submission has an expected total for these labs")
        }
        for comparison in comparisons {
            let awarded = comparison.awarded.map(Format.points) ?? "no grading"
            let mark = comparison.matches ? "✔" : "✘"
            print(
                "\(mark) sample \(comparison.student) \(comparison.lab): expected \(Format.points(comparison.expected)), awarded \(awarded)"
            )
        }
        return comparisons.allSatisfy(\.matches)
    }

    private func summary(of report: ScaffoldVerifier.Report) -> String {
        let total = report.solution.tests.count
        let scaffoldFailing = report.scaffold.tests.count - report.passingOnScaffold.count
        let solutionPassing = total - report.failingOnSolution.count
        var lines = [
            "\(report.isValid ? "✔" : "✘") \(report.lab.module) (\(report.lab.folder)): "
                + "\(scaffoldFailing)/\(report.scaffold.tests.count) tests fail on the scaffold, "
                + "\(solutionPassing)/\(total) pass on the solution"
        ]
        if !report.scaffold.isComplete {
            lines.append("  the scaffold run ended without its runEnded record (a crash or exit)")
        }
        if !report.solution.isComplete {
            lines.append("  the solution run ended without its runEnded record (a crash or exit)")
        }
        for test in report.passingOnScaffold {
            lines.append("  passes on the scaffold: \(test.suites.joined(separator: " › ")) › \(test.name)")
        }
        for test in report.failingOnSolution {
            lines.append("  \(test.status) on the solution: \(test.suites.joined(separator: " › ")) › \(test.name)")
            lines += test.messages.prefix(3).map { "    " + $0.replacingOccurrences(of: "\n", with: "\n    ") }
        }
        lines += report.layoutProblems.map { "  \($0)" }
        for test in report.skipped {
            lines.append("  skipped on this machine, so not checked: \(test.name)")
        }
        for id in report.mismatchedIDs.sorted() {
            lines.append("  declared by only one edition: \(id)")
        }
        return lines.joined(separator: "\n")
    }
}
