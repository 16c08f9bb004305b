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
///
/// Student code runs in the test process and can write to the event stream as Swift
/// Testing does. So a pass counts only from an attempt whose stream is whole: it ends with
/// `runEnded`, has no record Swift Testing never writes, and declares every expected test
/// it did not skip. Passes from attempts that ended early wait for one more attempt, which
/// runs every test except the culprits and confirms them. Later attempts name the tests
/// they leave out with `--skip`, never the ones to run, so that the test process's command
/// line does not reveal the ids of hidden tests.
public struct IsolatingRunner: Sendable {
    public var packageDirectory: URL
    public var scratchPath: URL
    public var solutions: Bool
    public var limits: RunLimits
    /// The maximum number of attempts for one lab.
    ///
    /// Each attempt after the first settles at least one test or ends the run. The
    /// search for culprits leaves the last two for confirming passes.
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
    /// - Parameters:
    ///   - lab: The lab whose test target runs.
    ///   - expected: The ids of the tests a whole run must declare, such as the reference
    ///     solution's tests; `nil` trusts the first attempt's declarations.
    public func run(_ lab: LabDescriptor, expecting expected: Set<String>? = nil) throws -> Outcome {
        let attempt = TestAttempt(
            packageDirectory: packageDirectory, scratchPath: scratchPath, solutions: solutions, limits: limits)
        var state = State(expected: expected)

        let everything = "^\(NSRegularExpression.escapedPattern(for: lab.testTarget))\\."
        var first = try attempt.run(filters: [everything], skips: [], parallel: true)
        try Self.checkStarted(first, lab: lab)
        state.absorb(&first, skipped: [], log: "attempt 1, all tests in parallel", serial: false)

        // Find the culprits: each attempt runs, one at a time, the tests without a result yet.
        // Two attempts stay for confirming passes, which would otherwise count for nothing.
        while !state.unfinished.isEmpty, state.attempts < maxAttempts - 2 {
            let remaining = state.unfinished
            let skipped = state.settledIDs.union(state.unconfirmed.keys)
            var next = try attempt.run(
                filters: [everything], skips: skipped.sorted().map(Self.exactFilter), parallel: false)
            state.absorb(
                &next, skipped: skipped, log: "attempt \(state.attempts + 1), \(remaining.count) tests one at a time",
                serial: true)
            if state.unfinished == remaining { break }
        }

        // Confirm the passes of attempts that ended early with a run of every test but the
        // culprits and the tests never reached.
        while !state.unconfirmed.isEmpty, state.attempts < maxAttempts {
            let waiting = state.unconfirmed.count
            let culprits = state.culprits.count
            let skipped = state.culprits.union(state.unfinished)
            var next = try attempt.run(
                filters: [everything], skips: skipped.sorted().map(Self.exactFilter), parallel: false)
            state.confirm(
                &next, skipped: skipped,
                log: "attempt \(state.attempts + 1), confirming \(waiting) passes, one test at a time")
            if state.unconfirmed.count == waiting && state.culprits.count == culprits { break }
        }
        return state.outcome
    }

    /// Throws when the test process ended before Swift Testing declared any test.
    ///
    /// Student code cannot run before the declarations, so the fault is the machine's or
    /// the grader's, such as a library the confinement does not mount. Scoring such a run
    /// would give the student a silent zero.
    static func checkStarted(_ attempt: TestAttempt.Outcome, lab: LabDescriptor) throws {
        guard attempt.result.tests.isEmpty, !attempt.result.isComplete else { return }
        let output = attempt.output.split(separator: "\n").suffix(5).joined(separator: "\n")
        throw GradingError(
            .processFailed,
            "the test process of \(lab.testTarget) \(attempt.termination) before it declared any test, "
                + "so no result can be trusted; its output ends with:\n\(output)")
    }

    /// Returns whether the one test still running when a parallel attempt's process died
    /// caused the death.
    ///
    /// It did unless the watchdog stopped the process for a time limit, which another test's
    /// hang can trigger while this one runs.
    static func blamesLoneTest(running: Int, stoppedByWatchdog: Bool) -> Bool {
        running == 1 && !stoppedByWatchdog
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
    /// Tests a whole run must declare, when known in advance.
    let expected: Set<String>?
    /// Passes from attempts that ended early, with how the last such attempt ended.
    var unconfirmed: [String: String] = [:]
    /// Tests that were running when a process died or that ran past the time limit.
    var culprits: Set<String> = []

    init(expected: Set<String>?) {
        self.expected = expected
    }

    /// Tests declared but without a final result.
    var unfinished: Set<String> {
        unknownYet.union(suspects)
    }

    var settledIDs: Set<String> {
        Set(final.keys)
    }

    /// Folds one attempt's outcome in.
    /// - Parameters:
    ///   - outcome: The attempt's results and how its process ended.
    ///   - entry: The line for the run log.
    ///   - serial: Whether the attempt ran one test at a time, so that a test still
    ///     running when the process died is certainly the culprit.
    ///   - skipped: The tests the attempt skipped with `--skip`.
    mutating func absorb(
        _ outcome: inout TestAttempt.Outcome, skipped: Set<String>, log entry: String, serial: Bool
    ) {
        attempts += 1
        checkDeclarations(of: &outcome.result, skipped: skipped)
        anomalies += outcome.result.anomalies
        let reason = describe(outcome)
        log.append("\(entry): \(reason)")

        let inFlight = outcome.result.tests.filter { $0.status == .crashed }.count
        let loneCulprit = IsolatingRunner.blamesLoneTest(
            running: inFlight, stoppedByWatchdog: !outcome.overran.isEmpty || outcome.processTimedOut)
        for test in outcome.result.tests {
            if declared[test.id] == nil {
                declared[test.id] = test
                order.append(test.id)
            }
            if test.status == .passed && !outcome.result.isComplete {
                // The process ended before Swift Testing wrote `runEnded`, so student code may
                // have written this pass and then ended the process.
                unconfirmed[test.id] = reason
                suspects.remove(test.id)
                unknownYet.remove(test.id)
                continue
            }
            record(test, reason: reason, isCulprit: serial || loneCulprit)
        }
    }

    /// Folds in an attempt that reran every test but the culprits, to confirm passes.
    ///
    /// A whole run decides each waiting test. A run that ended early settles only the test
    /// it died in, as a culprit, and the other passes keep waiting.
    mutating func confirm(_ outcome: inout TestAttempt.Outcome, skipped: Set<String>, log entry: String) {
        attempts += 1
        checkDeclarations(of: &outcome.result, skipped: skipped)
        anomalies += outcome.result.anomalies
        let reason = describe(outcome)
        log.append("\(entry): \(reason)")

        for test in outcome.result.tests {
            if outcome.result.isComplete, unconfirmed[test.id] != nil {
                unconfirmed[test.id] = nil
                settle(test)
            } else if test.status == .crashed || test.status == .timedOut {
                unconfirmed[test.id] = nil
                record(test, reason: reason, isCulprit: true)
            } else if unconfirmed[test.id] != nil {
                unconfirmed[test.id] = reason
            }
        }
    }

    /// Voids the passes of a finished attempt that does not declare every expected test it
    /// did not skip, because only a rewritten stream can leave one out.
    ///
    /// NOTE: student code that recovers the hidden tests' ids from the process's memory or
    /// the test binary can still write a whole stream that passes this check.
    func checkDeclarations(of result: inout TestRunResult, skipped: Set<String>) {
        guard result.isComplete, let expected else { return }
        let missing = expected.subtracting(skipped).subtracting(result.tests.map(\.id))
        guard let example = missing.sorted().first else { return }
        let problem = "the run ended without declaring \(missing.count) tests it had to run, such as \(example)"
        result.anomalies.append(problem)
        for index in result.tests.indices where result.tests[index].status == .passed {
            result.tests[index].status = .failed
            result.tests[index].messages.append(
                "the event stream for this run is not trustworthy (\(problem)), "
                    + "which Swift Testing never writes; the result does not count")
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
                culprits.insert(test.id)
            }
            settle(kept)
        case .crashed where isCulprit:
            var kept = test
            kept.messages.append("the test process \(reason) while this test was running")
            culprits.insert(test.id)
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
        if let problem = outcome.result.anomalies.first {
            return "wrote an event stream that Swift Testing never writes (\(problem)) and \(outcome.termination)"
        }
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
            if let reason = unconfirmed[id] {
                missing.messages.append(
                    "this test passed only in runs that ended early, the last of which \(reason), so the pass "
                        + "does not count: student code can write a pass into the event stream and then end the process"
                )
            } else {
                missing.messages.append("the test process never reached this test; see the run log")
            }
            return missing
        }
        return IsolatingRunner.Outcome(tests: tests, attempts: attempts, log: log, anomalies: anomalies)
    }
}
