public import Foundation

/// Checks the kit's central promise for each lab: every graded test fails on the
/// unmodified scaffold and passes on the reference solution.
public struct ScaffoldVerifier: Sendable {
    /// The outcome for one lab.
    public struct Report: Sendable {
        public var lab: LabDescriptor
        public var scaffold: TestRunResult
        public var solution: TestRunResult
        /// Files the scaffold gives complete (no `TODO:`) that differ from the solution's
        /// copy, and files present in only one of the two.
        ///
        /// Both editions must share every given file byte for byte.
        public var layoutProblems: [String] = []

        /// Tests that pass on the scaffold: they cannot tell a student's work from none.
        public var passingOnScaffold: [TestResult] {
            scaffold.tests.filter { $0.status == .passed }
        }

        /// Tests that do not pass on the reference solution.
        ///
        /// A test skipped on this machine
        /// (one that needs a program that is not installed) is listed in ``skipped`` instead.
        public var failingOnSolution: [TestResult] {
            solution.tests.filter { $0.status != .passed && $0.status != .skipped }
        }

        /// Tests the solution run skipped, such as those needing an absent outside program.
        public var skipped: [TestResult] {
            solution.tests.filter { $0.status == .skipped }
        }

        /// Tests declared by one run but not the other, which means the two builds differ.
        public var mismatchedIDs: Set<String> {
            Set(scaffold.tests.map(\.id)).symmetricDifference(solution.tests.map(\.id))
        }

        public var isValid: Bool {
            scaffold.isComplete && solution.isComplete && !solution.tests.isEmpty
                && passingOnScaffold.isEmpty && failingOnSolution.isEmpty && mismatchedIDs.isEmpty
                && layoutProblems.isEmpty
        }
    }

    public var packageDirectory: URL
    /// Folder for the two builds, `scaffold` and `solution` below it.
    public var buildDirectory: URL

    public init(packageDirectory: URL, buildDirectory: URL) {
        self.packageDirectory = packageDirectory
        self.buildDirectory = buildDirectory
    }

    /// Builds both editions once and runs `labs` on each.
    /// - Parameter progress: Called with a line to show before each long step.
    public func verify(_ labs: [LabDescriptor], progress: (String) -> Void) throws -> [Report] {
        let scaffold = runner(solutions: false)
        let solution = runner(solutions: true)
        progress("building the scaffolds (\(scaffold.scratchPath.path))")
        try scaffold.build()
        progress("building the reference solutions (\(solution.scratchPath.path))")
        try solution.build()

        return try labs.map { lab in
            progress("running \(lab.testTarget) on the scaffold")
            let scaffoldResult = try scaffold.run(lab)
            progress("running \(lab.testTarget) on the reference solution")
            let solutionResult = try solution.run(lab)
            let problems = try layoutProblems(of: lab)
            return Report(lab: lab, scaffold: scaffoldResult, solution: solutionResult, layoutProblems: problems)
        }
    }

    /// Compares the scaffold's and the solution's files: the same file names, and the given
    /// files (those without a `TODO:`) byte for byte, so that the two editions never drift.
    func layoutProblems(of lab: LabDescriptor) throws -> [String] {
        let scaffold = packageDirectory.appendingPathComponent("Labs/\(lab.folder)/Sources")
        let solution = packageDirectory.appendingPathComponent("Solutions/\(lab.folder)/Sources")
        let scaffoldFiles = Set(try Sandbox.files(under: scaffold, entry: nil).filter { $0.hasSuffix(".swift") })
        let solutionFiles = Set(try Sandbox.files(under: solution, entry: nil).filter { $0.hasSuffix(".swift") })
        var problems = scaffoldFiles.symmetricDifference(solutionFiles).sorted().map {
            "\($0) exists in only one of Labs/\(lab.folder) and Solutions/\(lab.folder)"
        }
        for path in scaffoldFiles.intersection(solutionFiles).sorted() {
            let given = FileManager.default.contents(atPath: scaffold.appendingPathComponent(path).path) ?? Data()
            let reference = FileManager.default.contents(atPath: solution.appendingPathComponent(path).path)
            let isGiven = !String(decoding: given, as: UTF8.self).contains("TODO:")
            if isGiven && given != reference {
                problems.append("\(path) has no TODO in the scaffold but differs from the solution's copy")
            }
        }
        return problems
    }

    private func runner(solutions: Bool) -> SuiteRunner {
        SuiteRunner(
            packageDirectory: packageDirectory,
            scratchPath: buildDirectory.appendingPathComponent(solutions ? "solution" : "scaffold"),
            solutions: solutions
        )
    }
}
