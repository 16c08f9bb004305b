public import Foundation

/// Runs a lab's tests so that a crash, an early exit or a hang costs only the test that
/// caused it.
///
/// The first attempt runs every test in parallel, as `swift test` does. When the process
/// dies, every test that had not finished runs again, this time one at a time. Then only
/// one test is running when the process dies, so that test is the culprit, and the tests
/// before it have their real results. Further one-at-a-time attempts run what is left, until
/// every test has a result or an attempt makes no progress. A lab with one crashing test
/// therefore takes two or three attempts, however many tests were running in parallel.
public struct IsolatingRunner: Sendable {
    public var packageDirectory: URL
    public var scratchPath: URL
    public var solutions: Bool
    public var limits: RunLimits
    /// The maximum number of attempts for one lab.
    ///
    /// Each attempt after the first settles at
    /// least one test or ends the run.
    public var maxAttempts: Int

    public init(packageDirectory: URL, scratchPath: URL, solutions: Bool, limits: RunLimits, maxAttempts: Int = 40) {
        self.packageDirectory = packageDirectory
        self.scratchPath = scratchPath
        self.solutions = solutions
        self.limits = limits
        self.maxAttempts = maxAttempts
    }

    /// The results of every test, and a log of what the runner had to do.
    public struct Outcome: Sendable {
        public var tests: [TestResult]
        public var attempts: Int
        public var log: [String]
        public var anomalies: [String]
    }

    /// Runs the lab's test target; the package must already be built at `scratchPath`.
    public func run(_ lab: LabDescriptor) throws -> Outcome {
        let attempt = TestAttempt(
            packageDirectory: packageDirectory, scratchPath: scratchPath, solutions: solutions, limits: limits)
        var state = State()

        let everything = "^\(NSRegularExpression.escapedPattern(for: lab.testTarget))\\."
        var first = try attempt.run(filters: [everything], parallel: true)
        state.absorb(&first, log: "attempt 1, all tests in parallel", serial: false)
        while !state.unfinished.isEmpty, state.attempts < maxAttempts {
            let remaining = state.unfinished
            var next = try attempt.run(filters: remaining.sorted().map(Self.exactFilter), parallel: false)
            state.absorb(
                &next, log: "attempt \(state.attempts + 1), \(remaining.count) tests one at a time", serial: true)
            if state.unfinished == remaining { break }
        }
        return state.outcome
    }

    /// Returns a filter that matches exactly one test id.
    static func exactFilter(_ id: String) -> String {
        "^\(NSRegularExpression.escapedPattern(for: id))$"
    }
}

/// The results gathered so far across attempts.
private struct State {
    var final: [String: TestResult] = [:]
    /// Each test as first declared, for its name and suites when it never finishes.
    var declared: [String: TestResult] = [:]
    var order: [String] = []
    var unknownYet: Set<String> = []
    var suspects: Set<String> = []
    var attempts = 0
    var log: [String] = []
    var anomalies: [String] = []

    /// Tests declared but without a final result.
    var unfinished: Set<String> {
        unknownYet.union(suspects)
    }

    /// Folds one attempt's outcome in.
    /// - Parameters:
    ///   - outcome: The attempt's results and how its process ended.
    ///   - entry: The line for the run log.
    ///   - serial: Whether the attempt ran one test at a time, so that a test still
    ///     running when the process died is certainly the culprit.
    mutating func absorb(_ outcome: inout TestAttempt.Outcome, log entry: String, serial: Bool) {
        attempts += 1
        anomalies += outcome.result.anomalies
        let reason = describe(outcome)
        log.append("\(entry): \(reason)")

        let inFlight = outcome.result.tests.filter { $0.status == .crashed }.count
        for test in outcome.result.tests {
            if declared[test.id] == nil {
                declared[test.id] = test
                order.append(test.id)
            }
            record(test, reason: reason, isCulprit: serial || inFlight == 1)
        }
    }

    /// Records one test's result in an attempt.
    /// - Parameter isCulprit: Whether a test still running when the process died caused it.
    mutating func record(_ test: TestResult, reason: String, isCulprit: Bool) {
        switch test.status {
        case .passed, .failed, .skipped, .timedOut:
            var kept = test
            if test.status == .timedOut {
                kept.messages.append("stopped after running longer than the per-test time limit")
            }
            settle(kept)
        case .crashed where isCulprit:
            var kept = test
            kept.messages.append("the test process \(reason) while this test was running")
            settle(kept)
        case .crashed:
            suspects.insert(test.id)
            unknownYet.remove(test.id)
        case .notRun:
            if final[test.id] == nil, !suspects.contains(test.id) { unknownYet.insert(test.id) }
        }
    }

    mutating func settle(_ test: TestResult) {
        final[test.id] = test
        suspects.remove(test.id)
        unknownYet.remove(test.id)
    }

    func describe(_ outcome: TestAttempt.Outcome) -> String {
        if outcome.processTimedOut { return "ran past the per-process time limit and was stopped" }
        if !outcome.overran.isEmpty { return "was stopped because a test ran past the per-test time limit" }
        if outcome.result.isComplete { return "completed (\(outcome.termination))" }
        let crash = Self.crashSummary(in: outcome.output)
        return "\(outcome.termination) without finishing the run" + (crash.isEmpty ? "" : " (\(crash))")
    }

    /// Returns the runtime's own words about a crash, such as `B.swift:9: Fatal error: boom` and
    /// `Program crashed: Illegal instruction`, from the end of the process's output.
    static func crashSummary(in output: String) -> String {
        let markers = ["Fatal error:", "Precondition failed", "Assertion failed", "Program crashed:", "Exited with"]
        let lines = output.split(separator: "\n")
            .filter { line in markers.contains { line.contains($0) } }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "* ")) }
        return lines.prefix(2).map { String($0.prefix(300)) }.joined(separator: "; ")
    }

    /// Returns the declared test with a new status and no messages.
    func placeholder(for id: String, status: TestStatus) -> TestResult {
        var test = declared[id] ?? TestResult(id: id, name: id, suites: [], status: status, messages: [], duration: nil)
        test.status = status
        test.messages = []
        test.duration = nil
        return test
    }

    var outcome: IsolatingRunner.Outcome {
        let tests = order.map { id -> TestResult in
            if let result = final[id] { return result }
            var missing = placeholder(for: id, status: .notRun)
            missing.messages.append("the test process never reached this test; see the run log")
            return missing
        }
        return IsolatingRunner.Outcome(tests: tests, attempts: attempts, log: log, anomalies: anomalies)
    }
}
