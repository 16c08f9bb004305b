public import Foundation

/// Submission times from a CSV file, such as an export from a learning management system.
///
/// The file is `submissions.csv` in the submissions folder, with a header row naming the
/// columns `student`, `submitted_at` and, optionally, `lab`:
///
/// ```
/// student,lab,submitted_at
/// s1001,gateway,2027-02-14T22:10:00-05:00
/// s1002,,2027-02-15T08:00:00Z
/// ```
///
/// A row without a lab applies to every lab of that student. Times are ISO 8601 with a
/// time zone.
public struct SubmissionManifest: Sendable {
    public static let fileName = "submissions.csv"

    private var times: [String: Date] = [:]

    public init() {}

    /// Reads the manifest in `folder`, or returns an empty one when there is none.
    /// - Throws: ``GradingError`` with `.invalidSubmission`, naming the line, for a bad row.
    public static func load(from folder: URL) throws -> SubmissionManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return SubmissionManifest() }
        return try parse(String(decoding: data, as: UTF8.self), source: url.path)
    }

    static func parse(_ text: String, source: String) throws -> SubmissionManifest {
        var manifest = SubmissionManifest()
        let lines = text.split(whereSeparator: \.isNewline).map { String($0) }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) else { return manifest }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let student = columns.firstIndex(of: "student"), let time = columns.firstIndex(of: "submitted_at") else {
            throw GradingError(
                .invalidSubmission, "\(source): the header must name the columns student and submitted_at")
        }
        let lab = columns.firstIndex(of: "lab")
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == columns.count else {
                throw GradingError(
                    .invalidSubmission,
                    "\(source):\(offset + 1): expected \(columns.count) fields, found \(fields.count)")
            }
            guard let date = try? Date(fields[time], strategy: .iso8601) else {
                throw GradingError(
                    .invalidSubmission,
                    "\(source):\(offset + 1): \(fields[time]) is not an ISO 8601 time such as 2027-02-14T22:10:00-05:00"
                )
            }
            manifest.times[key(student: fields[student], lab: lab.map { fields[$0] } ?? "")] = date
        }
        return manifest
    }

    /// The recorded time of a student's submission for a lab, if the manifest has one.
    public func time(student: String, lab: String) -> Date? {
        times[Self.key(student: student, lab: lab)] ?? times[Self.key(student: student, lab: "")]
    }

    /// Compares student ids in normalization form C, as ``SubmissionIntake/studentID(of:)`` makes them.
    private static func key(student: String, lab: String) -> String {
        "\(student.precomposedStringWithCanonicalMapping)\u{0}\(lab)"
    }
}
