public import Foundation

/// Builds and runs one lab's test target in a package, reading the results from Swift
/// Testing's event stream.
public struct SuiteRunner: Sendable {
    /// The package to build: the kit itself or a grading sandbox copy of it.
    public var packageDirectory: URL
    /// The folder for build products.
    ///
    /// Separate folders keep scaffold and solution builds apart.
    public var scratchPath: URL
    /// Builds lab targets from `Solutions/` when true, from `Labs/` when false.
    public var solutions: Bool
    /// The wall-clock limit for building, and separately for running the tests.
    public var timeout: Duration

    public init(packageDirectory: URL, scratchPath: URL, solutions: Bool, timeout: Duration = .seconds(1_800)) {
        self.packageDirectory = packageDirectory
        self.scratchPath = scratchPath
        self.solutions = solutions
        self.timeout = timeout
    }

    /// Builds the package's tests.
    /// - Parameter product: The test bundle product to build alone, such as
    ///   `SecureSystemsLabsPackageTests`; by default every target and test is built.
    /// - Throws: ``GradingError`` with `.buildFailed` and the compiler's first errors.
    public func build(product: String? = nil) throws {
        let what = product.map { ["--product", $0] } ?? ["--build-tests"]
        let output = try ChildProcess.run(
            ["swift", "build"] + what + ["--scratch-path", scratchPath.path],
            in: packageDirectory,
            environment: ChildProcess.environment(solutions: solutions),
            timeout: timeout
        )
        guard output.succeeded else {
            let reason = output.timedOut ? "timed out after \(timeout.components.seconds) s" : "failed"
            let errors = SuiteRunner.firstErrors(in: output.standardOutput + "\n" + output.standardError)
            throw GradingError(.buildFailed, "the build \(reason):\n\(errors)")
        }
    }

    /// Runs the lab's test target, which must already be built, and folds its event stream.
    public func run(_ lab: LabDescriptor) throws -> TestRunResult {
        let stream = scratchPath.appendingPathComponent("events-\(lab.id)-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: stream) }
        let output = try ChildProcess.run(
            [
                "swift", "test", "--skip-build", "--scratch-path", scratchPath.path,
                "--filter", "^\(lab.testTarget)\\.",
                "--event-stream-output-path", stream.path, "--event-stream-version", "0",
            ],
            in: packageDirectory,
            environment: ChildProcess.environment(solutions: solutions),
            timeout: timeout
        )
        var result = try EventStreamReader().read(contentsOf: stream)
        if output.timedOut {
            result.markUnfinished(as: .timedOut)
        }
        return result
    }

    /// Returns the lines of compiler output that report errors, at most `limit` of them.
    static func firstErrors(in log: String, limit: Int = 20) -> String {
        // The compiler reports an error once per compilation job that compiles the file, so
        // the same line often appears several times.
        var seen: Set<Substring> = []
        let errors = log.split(separator: "\n").filter { $0.contains("error:") && seen.insert($0).inserted }
        let kept = errors.isEmpty ? Array(log.split(separator: "\n").suffix(limit)) : Array(errors.prefix(limit))
        return kept.joined(separator: "\n")
    }
}

extension TestRunResult {
    /// Marks tests that started without ending with `status`, for a run stopped from outside.
    mutating func markUnfinished(as status: TestStatus) {
        for index in tests.indices where tests[index].status == .crashed {
            tests[index].status = status
        }
    }
}
