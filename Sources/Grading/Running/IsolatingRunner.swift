public import Foundation

/// Runs a lab's tests so that a crash, an early exit or a hang costs only the test that
/// caused it.
///
/// The first attempt runs every test. When the process dies, the tests it was running
/// are suspects: each runs again alone, so the one that dies alone is the culprit and the
/// others get their real results. Tests that never started run in a further attempt, and
/// so on until every test has a result or an attempt makes no progress.
public struct IsolatingRunner: Sendable {
    public var packageDirectory: URL
    public var scratchPath: URL
    public var solutions: Bool
    public var limits: RunLimits
    /// The most attempts one lab may take, whatever happens.
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

        var first = try attempt.run(filters: ["^\(NSRegularExpression.escapedPattern(for: lab.testTarget))\\."])
        state.absorb(&first, log: "attempt 1, all tests")
        var pending = state.unfinished
        while !pending.isEmpty, state.attempts < maxAttempts {
            let suspects = state.suspects
            state.suspects = []
            for suspect in suspects where state.attempts < maxAttempts {
                var solo = try attempt.run(filters: [Self.exactFilter(suspect)])
                state.absorb(&solo, log: "attempt \(state.attempts + 1), alone: \(suspect)", alone: suspect)
            }
            let waiting = state.unfinished.subtracting(suspects)
            if !waiting.isEmpty, state.attempts < maxAttempts {
                var next = try attempt.run(filters: waiting.sorted().map(Self.exactFilter))
                state.absorb(&next, log: "attempt \(state.attempts + 1), \(waiting.count) tests not yet run")
            }
            let stillPending = state.unfinished
            if stillPending == pending && state.suspects.isEmpty { break }
            pending = stillPending
        }
        return state.outcome
    }

    /// A filter that matches exactly one test id.
    static func exactFilter(_ id: String) -> String {
        "^\(NSRegularExpression.escapedPattern(for: id))$"
    }
}

/// What the runner knows so far across attempts.
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
    /// - Parameter alone: The test this attempt ran by itself, if it ran only one.
    mutating func absorb(_ outcome: inout TestAttempt.Outcome, log entry: String, alone: String? = nil) {
        attempts += 1
        anomalies += outcome.result.anomalies
        let reason = describe(outcome)
        log.append("\(entry): \(reason)")

        for test in outcome.result.tests {
            if declared[test.id] == nil {
                declared[test.id] = test
                order.append(test.id)
            }
            record(test, reason: reason, alone: alone)
        }
        if let alone, outcome.result.test(id: alone) == nil, final[alone] == nil {
            // The process died before declaring the test: blame it only when it ran alone.
            var crashed = placeholder(for: alone, status: .crashed)
            crashed.messages.append("the test process \(reason) before this test started")
            final[alone] = crashed
            suspects.remove(alone)
            unknownYet.remove(alone)
        }
    }

    mutating func record(_ test: TestResult, reason: String, alone: String?) {
        switch test.status {
        case .passed, .failed, .skipped, .timedOut:
            var kept = test
            if test.status == .timedOut {
                kept.messages.append("stopped after running longer than the per-test time limit")
            }
            settle(kept)
        case .crashed where alone == test.id:
            var kept = test
            kept.messages.append("the test process \(reason) while this test was running alone")
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

    /// The runtime's own words about a crash, such as `B.swift:9: Fatal error: boom` and
    /// `Program crashed: Illegal instruction`, from the end of the process's output.
    static func crashSummary(in output: String) -> String {
        let markers = ["Fatal error:", "Precondition failed", "Assertion failed", "Program crashed:", "Exited with"]
        let lines = output.split(separator: "\n")
            .filter { line in markers.contains { line.contains($0) } }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "* ")) }
        return lines.prefix(2).map { String($0.prefix(300)) }.joined(separator: "; ")
    }

    /// The declared test with a new status and no messages.
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
