/// The points one part earned.
public struct PartScore: Sendable, Codable, Equatable {
    public var part: Int
    public var title: String
    public var earned: Double
    public var possible: Double
    public var passed: Int
    public var total: Int
}

/// One test's result with the points it earned.
public struct ScoredTest: Sendable, Codable {
    public var result: TestResult
    /// The part the reference run places the test in.
    public var part: Int
    public var points: Double
    public var possible: Double
    public var hidden: Bool
}

/// A lab's score for one submission, before adjustments.
public struct LabScore: Sendable, Codable {
    public var parts: [PartScore]
    public var tests: [ScoredTest]
    /// Points from passing tests, before any late penalty.
    public var earned: Double
    public var possible: Double
    /// Seconds past the deadline (and grace period), 0 when on time.
    public var lateSeconds: Double
    public var penaltyPercent: Double
    public var penaltyPoints: Double

    /// Points after the late penalty.
    public var score: Double {
        max(0, earned - penaltyPoints)
    }
}

/// Turns test results into points as the course configuration says.
///
/// A part's points are shared among its tests by weight (1 unless configured). Only
/// tests in the reference set count: a test a submission adds is ignored, and a
/// reference test missing from the submission's run scores nothing.
public struct Scorer: Sendable {
    public var lab: LabConfiguration

    public init(lab: LabConfiguration) {
        self.lab = lab
    }

    /// Scores `results` against the tests the reference solution declares.
    /// - Parameters:
    ///   - results: The submission's results, by test id.
    ///   - reference: The reference run's tests: the set that counts, with parts and names.
    ///   - hidden: Ids of hidden tests, marked in the output.
    ///   - penaltyPercent: The late penalty, as a percentage of the points earned.
    ///   - lateSeconds: Seconds past the deadline, kept for reports.
    public func score(
        _ results: [TestResult],
        reference: [TestResult],
        hidden: Set<String> = [],
        penaltyPercent: Double = 0,
        lateSeconds: Double = 0
    ) -> LabScore {
        let byID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let graded = reference.filter { $0.part.flatMap(lab.part) != nil }
        let tests = graded.map { expected -> ScoredTest in
            let actual = byID[expected.id] ?? missing(expected)
            let possible = pointsAvailable(for: expected, among: graded)
            let points = actual.status == .passed ? possible : 0
            return ScoredTest(
                result: actual, part: expected.part ?? 0, points: points, possible: possible,
                hidden: hidden.contains(expected.id))
        }
        let parts = lab.parts.map { part in partScore(part, tests: tests) }
        let earned = parts.reduce(0) { $0 + $1.earned }
        return LabScore(
            parts: parts,
            tests: tests,
            earned: earned,
            possible: lab.possiblePoints,
            lateSeconds: max(0, lateSeconds),
            penaltyPercent: penaltyPercent,
            penaltyPoints: earned * penaltyPercent / 100
        )
    }

    private func pointsAvailable(for test: TestResult, among tests: [TestResult]) -> Double {
        guard let number = test.part, let part = lab.part(number) else { return 0 }
        let weights = tests.filter { $0.part == number }.reduce(0) { $0 + lab.weight(ofTest: $1.id) }
        guard weights > 0 else { return 0 }
        return part.points * lab.weight(ofTest: test.id) / weights
    }

    private func partScore(_ part: PartConfiguration, tests: [ScoredTest]) -> PartScore {
        let mine = tests.filter { $0.part == part.part }
        return PartScore(
            part: part.part,
            title: part.title,
            earned: mine.reduce(0) { $0 + $1.points },
            possible: part.points,
            passed: mine.filter { $0.result.status == .passed }.count,
            total: mine.count
        )
    }

    private func missing(_ expected: TestResult) -> TestResult {
        var result = expected
        result.status = .notRun
        result.duration = nil
        result.messages = ["this test did not run for this submission"]
        return result
    }
}
