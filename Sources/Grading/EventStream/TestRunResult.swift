/// The outcome of one test function in one run.
public enum TestStatus: String, Sendable, Codable, CaseIterable {
    /// Started, ended, and recorded no failing issue.
    case passed
    /// Ended with at least one failing issue.
    case failed
    /// Started but never ended: the process crashed or exited during the test.
    case crashed
    /// Still running when the wall-clock limit stopped the process.
    case timedOut
    /// Skipped by a trait such as `.disabled`.
    case skipped
    /// Declared but never started.
    case notRun
}

/// What the grader knows about one test function after a run.
public struct TestResult: Sendable, Codable {
    /// Swift Testing's identifier, such as `GatewayTests.RouteTests/unknownPath()/RouteTests.swift:12:6`.
    public var id: String
    /// The test's display name, or its function name when it has none.
    public var name: String
    /// Display names of the enclosing suites, outermost first.
    public var suites: [String]
    public var status: TestStatus
    /// Failure messages, in the order they were recorded, each with its source location.
    public var messages: [String]
    /// Seconds from start to end, when both were seen.
    public var duration: Double?

    public init(id: String, name: String, suites: [String], status: TestStatus, messages: [String], duration: Double?) {
        self.id = id
        self.name = name
        self.suites = suites
        self.status = status
        self.messages = messages
        self.duration = duration
    }

    /// The handout part of the outermost suite whose display name starts with `Part N`.
    public var part: Int? {
        suites.lazy.compactMap(TestResult.partNumber(inSuiteName:)).first
    }

    /// Reads `N` from a suite name of the form `Part N …`.
    static func partNumber(inSuiteName name: String) -> Int? {
        guard name.hasPrefix("Part ") else { return nil }
        let digits = name.dropFirst(5).prefix { $0.isNumber }
        return Int(digits)
    }
}

/// The folded result of one `swift test` run's event stream.
public struct TestRunResult: Sendable {
    /// Every declared test function, in declaration order.
    public var tests: [TestResult]
    /// Whether the stream ended with its `runEnded` record; a run without it is incomplete
    /// and its unfinished tests are `crashed` or `notRun`.
    public var isComplete: Bool
    /// Records that Swift Testing never writes (a test started twice, a record after
    /// `runEnded`), which point to a forged or corrupted stream; passes they touch do not count.
    public var anomalies: [String]

    public init(tests: [TestResult], isComplete: Bool, anomalies: [String] = []) {
        self.tests = tests
        self.isComplete = isComplete
        self.anomalies = anomalies
    }

    public func test(id: String) -> TestResult? {
        tests.first { $0.id == id }
    }
}
