public import Foundation
import LabKit

/// Grades the bundled sample submissions and compares each total with the one written
/// down in `grading/samples/expected.yaml`.
///
/// The samples exercise the grader itself (a crash, a hang, an `exit`, a failed build,
/// an attempt to cheat), so this check is the grader's end-to-end test.
public struct SampleCheck: Sendable {
    /// One student's expected and awarded total in one lab.
    public struct Comparison: Sendable {
        public var student: String
        public var lab: String
        public var expected: Double
        public var awarded: Double?

        public var matches: Bool {
            guard let awarded else { return false }
            return abs(awarded - expected) < 0.005
        }
    }

    public var kit: URL
    public var course: CourseConfiguration
    public var samples: URL
    public var workDirectory: URL
    public var limits: RunLimits

    public init(kit: URL, course: CourseConfiguration, samples: URL, workDirectory: URL, limits: RunLimits) {
        self.kit = kit
        self.course = course
        self.samples = samples
        self.workDirectory = workDirectory
        self.limits = limits
    }

    /// Reads `expected.yaml`: a mapping from student id to a mapping from lab id to total.
    public func expectedTotals() throws -> [String: [String: Double]] {
        try Self.expectedTotals(at: samples.appendingPathComponent("expected.yaml"))
    }

    /// Reads a file of expected totals: a mapping from student id to lab id to total.
    public static func expectedTotals(at url: URL) throws -> [String: [String: Double]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GradingError(.invalidConfiguration, "no expected scores at \(url.path)")
        }
        do {
            return try YAMLDecoder().decode([String: [String: Double]].self, from: data)
        } catch {
            throw GradingError(.invalidConfiguration, "\(url.path): \(error)")
        }
    }

    /// Grades every sample into a fresh gradebook and compares the totals.
    public func run(labs: [LabDescriptor], progress: @escaping @Sendable (Grader.Progress) -> Void) throws
        -> [Comparison]
    {
        let expected = try expectedTotals()
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let database = workDirectory.appendingPathComponent("samples-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: database.path + suffix)
            }
        }
        let gradebook = try Gradebook(path: database.path)
        let settings = Grader.Settings(jobs: 1, limits: limits, force: true, command: "labkit verify (samples)")
        let grader = Grader(
            kit: kit, course: course, gradebook: gradebook, workDirectory: workDirectory, settings: settings,
            progress: progress)
        let wanted = labs.filter { lab in expected.values.contains { $0[lab.id] != nil } }
        guard !wanted.isEmpty else { return [] }
        _ = try grader.grade(submissions: samples, labs: wanted)
        // Totals of labs outside the selection were not graded, so they are not compared.
        let ids = Set(wanted.map(\.id))
        let selected = expected.mapValues { $0.filter { ids.contains($0.key) } }.filter { !$0.value.isEmpty }
        return Self.compare(selected, with: try gradebook.currentScores())
    }

    /// Pairs each expected total with the awarded one.
    public static func compare(_ expected: [String: [String: Double]], with awarded: [CurrentScore]) -> [Comparison] {
        expected.sorted { $0.key < $1.key }.flatMap { student, totals in
            totals.sorted { $0.key < $1.key }.map { lab, total in
                Comparison(
                    student: student, lab: lab, expected: total,
                    awarded: awarded.first { $0.student == student && $0.lab == lab }?.total)
            }
        }
    }
}
