public import Foundation

/// Where a submission's time came from.
public enum SubmissionTimeSource: String, Sendable, Codable {
    /// A manifest such as an LMS export named the time.
    case manifest
    /// The newest modification time of the submission's lab files.
    case modificationTime = "modification-time"
}

/// One student's files for one lab, as found in a submissions folder.
public struct SubmissionRecord: Sendable {
    public var student: String
    public var lab: String
    /// SHA-256 over the sorted file names and contents, in hex.
    public var contentHash: String
    public var submittedAt: Date
    public var timeSource: SubmissionTimeSource
    public var fileCount: Int
    public var byteCount: Int

    public init(
        student: String, lab: String, contentHash: String, submittedAt: Date, timeSource: SubmissionTimeSource,
        fileCount: Int, byteCount: Int
    ) {
        self.student = student
        self.lab = lab
        self.contentHash = contentHash
        self.submittedAt = submittedAt
        self.timeSource = timeSource
        self.fileCount = fileCount
        self.byteCount = byteCount
    }
}

/// The outcome of grading one submission, as the gradebook stores it.
public struct GradingRecord: Sendable {
    public enum Status: String, Sendable, Codable {
        /// The tests ran and were scored.
        case graded
        /// The student's code did not compile; the score is zero.
        case buildFailed = "build-failed"
        /// The submission broke an intake rule (a link outside it, a file too large).
        case rejected
        /// The grader itself failed for this submission; it should be graded again.
        case error
    }

    public var runID: Int64
    public var submission: SubmissionRecord
    /// A hash of the tests that graded it, so a change of tests triggers a re-grade.
    public var testsHash: String
    public var status: Status
    /// For a failed build, the compiler's first errors; for a rejection, the reason.
    public var message: String?
    public var startedAt: Date
    public var finishedAt: Date
    public var attempts: Int
    public var log: String
    public var anomalies: [String]
    /// The score, for every status (a failed build scores zero on every test).
    public var score: LabScore?

    public init(
        runID: Int64, submission: SubmissionRecord, testsHash: String, status: Status, message: String? = nil,
        startedAt: Date, finishedAt: Date, attempts: Int = 0, log: String = "", anomalies: [String] = [],
        score: LabScore?
    ) {
        self.runID = runID
        self.submission = submission
        self.testsHash = testsHash
        self.status = status
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.log = log
        self.anomalies = anomalies
        self.score = score
    }
}
