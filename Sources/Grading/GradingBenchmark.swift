public import Foundation

/// Measures seconds per graded submission with build reuse against a clean `swift test`
/// of the same submission on a fresh copy of the kit, in one run.
public struct GradingBenchmark: Sendable {
    public var kit: URL
    public var lab: LabDescriptor
    public var workDirectory: URL
    /// Gradings measured with build reuse; the submissions alternate so that each one
    /// really rebuilds the student's module.
    public var rounds: Int

    public init(kit: URL, lab: LabDescriptor, workDirectory: URL, rounds: Int = 3) {
        self.kit = kit
        self.lab = lab
        self.workDirectory = workDirectory
        self.rounds = rounds
    }

    /// The figures of one run.
    public struct Result: Sendable {
        public var reusedSeconds: [Double]
        public var cleanSeconds: Double
        public var tests: Int

        public var reusedMedian: Double {
            let sorted = reusedSeconds.sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        }
    }

    /// Runs the measurement: `first` and `second` are the lab's source files of two
    /// submissions (such as the reference solution and a sample).
    public func run(
        first: [(path: String, contents: Data)], second: [(path: String, contents: Data)],
        progress: (String) -> Void
    ) throws -> Result {
        let sandbox = Sandbox(kit: kit, root: workDirectory.appendingPathComponent("reuse/kit"))
        let product = try LabCatalog.testProduct(in: kit)
        progress("warming the reused build folder")
        try grade(second, in: sandbox, product: product)
        var reused: [Double] = []
        var tests = 0
        for round in 1...rounds {
            let files = round.isMultiple(of: 2) ? second : first
            let start = ContinuousClock.now
            tests = try grade(files, in: sandbox, product: product)
            reused.append((ContinuousClock.now - start).seconds)
            progress("graded with build reuse in \(String(format: "%.1f", reused.last ?? 0)) s")
        }
        progress("grading the same submission with a clean swift test on a fresh copy")
        let clean = try cleanRun(first)
        return Result(reusedSeconds: reused, cleanSeconds: clean, tests: tests)
    }

    /// Syncs, installs, builds and tests one submission; returns the number of tests.
    @discardableResult
    private func grade(_ files: [(path: String, contents: Data)], in sandbox: Sandbox, product: String) throws -> Int {
        try sandbox.synchronize()
        try sandbox.install(files: files, lab: lab)
        try sandbox.discardCompiledLab(lab)
        try SuiteRunner(packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false)
            .build(product: product)
        let runner = IsolatingRunner(
            packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false, limits: RunLimits())
        return try runner.run(lab).tests.count
    }

    private func cleanRun(_ files: [(path: String, contents: Data)]) throws -> Double {
        let fresh = workDirectory.appendingPathComponent("clean-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fresh) }
        let sandbox = Sandbox(kit: kit, root: fresh.appendingPathComponent("kit"))
        try sandbox.synchronize()
        try sandbox.install(files: files, lab: lab)
        let start = ContinuousClock.now
        let output = try ChildProcess.run(
            ["swift", "test", "--filter", "^\(lab.testTarget)\\."], in: sandbox.root,
            environment: ChildProcess.environment(solutions: false), timeout: .seconds(3_600))
        guard case .exited = output.termination, !output.timedOut else {
            throw GradingError(.processFailed, "the clean swift test did not finish: \(output.termination)")
        }
        return (ContinuousClock.now - start).seconds
    }
}
