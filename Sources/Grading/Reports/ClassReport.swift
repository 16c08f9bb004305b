public import Foundation

/// Summary statistics of a list of scores.
public struct Statistics: Sendable, Codable, Equatable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var minimum: Double
    public var maximum: Double
    public var standardDeviation: Double

    /// Computes the statistics, or all zeros for an empty list.
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            median = 0
            minimum = 0
            maximum = 0
            standardDeviation = 0
            return
        }
        let sorted = values.sorted()
        mean = values.reduce(0, +) / Double(values.count)
        let middle = sorted.count / 2
        median = sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        let meanValue = mean
        let variance = values.reduce(0) { $0 + ($1 - meanValue) * ($1 - meanValue) } / Double(values.count)
        standardDeviation = variance.squareRoot()
    }
}

/// Everything `labkit report` shows, gathered from the gradebook once.
public struct ClassReport: Sendable, Codable {
    public struct LabSummary: Sendable, Codable {
        public var lab: String
        public var title: String
        public var possible: Double
        public var totals: Statistics
        public var parts: [PartSummary]
        /// Counts of students per tenth of the possible points, lowest first.
        public var histogram: [Int]
        /// Tests ordered from the least passed.
        public var tests: [TestPassRate]
    }

    public struct PartSummary: Sendable, Codable {
        public var part: Int
        public var title: String
        public var possible: Double
        public var earned: Statistics
    }

    public struct StudentTotal: Sendable, Codable {
        public var student: String
        public var scores: [String: Double]
        public var total: Double
    }

    public var course: String
    public var generatedAt: Date
    public var labs: [LabSummary]
    public var students: [StudentTotal]

    /// Builds the report for `labs` (every lab in the gradebook when nil).
    public init(gradebook: Gradebook, course: String, labs selected: [String]?, now: Date = Date()) throws {
        self.course = course
        generatedAt = now
        let stored = try gradebook.storedLabs().filter { selected?.contains($0.id) ?? true }
        let scores = try gradebook.currentScores(labs: stored.map(\.id))
        let rates = try gradebook.passRates(labs: stored.map(\.id))
        labs = try stored.map { lab in
            try Self.summary(of: lab, scores: scores.filter { $0.lab == lab.id }, rates: rates, gradebook: gradebook)
        }
        students = Dictionary(grouping: scores, by: \.student).map { student, mine in
            StudentTotal(
                student: student, scores: Dictionary(uniqueKeysWithValues: mine.map { ($0.lab, $0.total) }),
                total: mine.reduce(0) { $0 + $1.total })
        }.sorted { $0.student < $1.student }
    }

    private static func summary(
        of lab: StoredLab, scores: [CurrentScore], rates: [TestPassRate], gradebook: Gradebook
    ) throws -> LabSummary {
        var earnedByPart: [Int: [Double]] = [:]
        for score in scores {
            for part in try gradebook.partScores(grading: score.gradingID) {
                earnedByPart[part.part, default: []].append(part.earned)
            }
        }
        let parts = lab.parts.map { part in
            PartSummary(
                part: part.part, title: part.title, possible: part.possible,
                earned: Statistics(earnedByPart[part.part] ?? []))
        }
        return LabSummary(
            lab: lab.id, title: lab.title, possible: lab.possible, totals: Statistics(scores.map(\.total)),
            parts: parts, histogram: histogram(scores.map(\.total), possible: lab.possible),
            tests: rates.filter { $0.lab == lab.id }.sorted {
                ($0.rate, $0.part, $0.name) < ($1.rate, $1.part, $1.name)
            })
    }

    /// Ten bins over 0…possible; the top bin includes full marks, and bonus points land there.
    static func histogram(_ totals: [Double], possible: Double) -> [Int] {
        var bins = Array(repeating: 0, count: 10)
        guard possible > 0 else { return bins }
        for total in totals {
            let index = min(9, max(0, Int((total / possible * 10).rounded(.down))))
            bins[index] += 1
        }
        return bins
    }
}
