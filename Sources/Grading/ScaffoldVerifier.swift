public import Foundation

/// Checks the kit's central promise for each lab: every graded test fails on the
/// unmodified scaffold and passes on the reference solution.
public struct ScaffoldVerifier: Sendable {
    /// The outcome for one lab.
    public struct Report: Sendable {
        public var lab: LabDescriptor
        public var scaffold: TestRunResult
        public var solution: TestRunResult

        /// Tests that pass on the scaffold: they cannot tell a student's work from none.
        public var passingOnScaffold: [TestResult] {
            scaffold.tests.filter { $0.status == .passed }
        }

        /// Tests that do not pass on the reference solution.
        public var failingOnSolution: [TestResult] {
            solution.tests.filter { $0.status != .passed }
        }

        /// Tests declared by one run but not the other, which means the two builds differ.
        public var mismatchedIDs: Set<String> {
            Set(scaffold.tests.map(\.id)).symmetricDifference(solution.tests.map(\.id))
        }

        public var isValid: Bool {
            scaffold.isComplete && solution.isComplete && !solution.tests.isEmpty
                && passingOnScaffold.isEmpty && failingOnSolution.isEmpty && mismatchedIDs.isEmpty
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
            return Report(lab: lab, scaffold: scaffoldResult, solution: solutionResult)
        }
    }

    private func runner(solutions: Bool) -> SuiteRunner {
        SuiteRunner(
            packageDirectory: packageDirectory,
            scratchPath: buildDirectory.appendingPathComponent(solutions ? "solution" : "scaffold"),
            solutions: solutions
        )
    }
}
