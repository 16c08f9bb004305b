import Foundation
import LabKit

/// The tests that count for a lab, learned from its reference solution.
struct Reference: Sendable, Codable {
    var tests: [TestResult]
    var hidden: Set<String>
    var testsHash: String
}

/// The result of one job.
enum JobOutcome: Sendable, CustomStringConvertible {
    case graded(LabScore)
    case buildFailed
    case rejected(String)
    case skipped(String)
    case failed(String)

    var description: String {
        switch self {
        case .graded(let score):
            let late = score.penaltyPoints > 0 ? " after a \(Format.points(score.penaltyPercent))% late penalty" : ""
            return "\(Format.points(score.score))/\(Format.points(score.possible))\(late)"
        case .buildFailed: return "build failed, scored 0"
        case .rejected(let reason): return "rejected: \(reason)"
        case .skipped(let reason): return "skipped: \(reason)"
        case .failed(let reason): return "grader error: \(reason)"
        }
    }

    func count(into summary: inout Grader.Summary) {
        switch self {
        case .graded: summary.graded += 1
        case .buildFailed: summary.failedBuilds += 1
        case .rejected: summary.rejected += 1
        case .skipped: summary.skipped += 1
        case .failed: summary.errors += 1
        }
    }
}

extension Grader {
    // MARK: - Reference

    /// Grades the reference solution in a sandbox of its own, so the set of tests that
    /// counts is exactly what the kit's tests declare against a correct lab.
    /// - Parameter product: The package's test bundle product, built alone.
    func reference(for lab: LabDescriptor, product: String) throws -> Reference {
        guard let config = course.lab(id: lab.id) else {
            throw GradingError(.invalidConfiguration, "grading/course.yaml has no entry for the lab \(lab.id)")
        }
        let testsHash = try Toolchain.testsHash(kit: kit, lab: lab, configuration: config)
        let solution = try Self.swiftFiles(in: kit.appendingPathComponent("Solutions/\(lab.folder)/Sources"))
        guard !solution.isEmpty else {
            throw GradingError(
                .invalidConfiguration,
                "Solutions/\(lab.folder)/Sources has no Swift files; the grader needs the reference")
        }
        // The reference run is cached by everything that could change its outcome.
        let key = Digest.sha256.hash(testsHash + SubmissionIntake.contentHash(of: solution)).hexString
        let cache = workDirectory.appendingPathComponent("reference/\(lab.id)-\(key.prefix(16)).json")
        if let data = FileManager.default.contents(atPath: cache.path),
            let cached = try? JSONDecoder().decode(Reference.self, from: data)
        {
            try gradebook.describe(config, tests: cached.tests, hidden: cached.hidden)
            return cached
        }
        let reference = try runReference(
            lab, config: config, solution: solution, testsHash: testsHash, product: product)
        try JSONEncoder().encode(reference).write(to: cache)
        return reference
    }

    private func runReference(
        _ lab: LabDescriptor, config: LabConfiguration, solution: [(path: String, contents: Data)], testsHash: String,
        product: String
    ) throws -> Reference {
        let sandbox = Sandbox(kit: kit, root: workDirectory.appendingPathComponent("reference/kit"))
        try sandbox.synchronize()
        try sandbox.install(files: solution, lab: lab)
        try sandbox.discardCompiledLab(lab)
        try SuiteRunner(packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false)
            .build(product: product)
        let outcome = try isolatingRunner(for: sandbox).run(lab)

        // A test skipped here needs an outside program this machine lacks. It cannot be
        // graded on this machine, so it leaves the reference set rather than failing it.
        let tests = outcome.tests.filter { $0.status != .skipped }
        let failing = tests.filter { $0.status != .passed }
        guard failing.isEmpty, !tests.isEmpty else {
            let names = failing.prefix(5).map { "\($0.name) (\($0.status))" }.joined(separator: ", ")
            throw GradingError(
                .invalidConfiguration,
                "the reference solution of \(lab.id) does not pass its own tests (\(names)); "
                    + "run `labkit verify --lab \(lab.id)` to see why")
        }
        try checkParts(of: tests, against: config)
        let hidden = try hiddenTests(config: config, among: tests)
        try gradebook.describe(config, tests: tests, hidden: hidden)
        return Reference(tests: tests, hidden: hidden, testsHash: testsHash)
    }

    private func checkParts(of tests: [TestResult], against config: LabConfiguration) throws {
        let unconfigured = Set(tests.compactMap(\.part)).filter { config.part($0) == nil }
        guard unconfigured.isEmpty else {
            let list = unconfigured.sorted().map(String.init).joined(separator: ", ")
            throw GradingError(
                .invalidConfiguration,
                "the tests of \(config.id) have parts \(list) that grading/course.yaml does not list; add them under parts"
            )
        }
    }

    /// Returns the ids of tests declared in files under the lab's hidden-tests folder.
    func hiddenTests(config: LabConfiguration, among tests: [TestResult]) throws -> Set<String> {
        guard let folder = config.hiddenTests else { return [] }
        let names = Set(try Sandbox.files(under: kit, entry: folder).map { ($0 as NSString).lastPathComponent })
        return Set(tests.filter { names.contains(Self.fileName(ofTest: $0.id) ?? "") }.map(\.id))
    }

    /// Returns the file name in a test id's trailing `File.swift:line:column`.
    static func fileName(ofTest id: String) -> String? {
        guard let last = id.split(separator: "/").last, last.contains(".swift:") else { return nil }
        return last.split(separator: ":").first.map(String.init)
    }

    static func swiftFiles(in folder: URL) throws -> [(path: String, contents: Data)] {
        try Sandbox.files(under: folder, entry: nil).filter { $0.hasSuffix(".swift") }.map { path in
            (path, FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) ?? Data())
        }
    }

    /// Returns a runner for the sandbox whose test process cannot read any lab's hidden tests.
    func isolatingRunner(for sandbox: Sandbox) -> IsolatingRunner {
        var limits = settings.limits
        limits.hiddenFolders = course.labs.compactMap(\.hiddenTests)
        return IsolatingRunner(
            packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false, limits: limits)
    }

    // MARK: - One job

    /// Grades one student's lab and records the outcome; never throws, so one bad
    /// submission cannot stop the batch.
    func perform(_ job: Job, sandbox: Sandbox, reference: Reference?, runID: Int64, product: String) -> JobOutcome {
        guard let reference, let config = course.lab(id: job.lab.id) else {
            return .failed("no reference results for \(job.lab.id)")
        }
        let startedAt = Date()
        if let conflict = job.conflict {
            return recordRejection(job, reason: conflict, reference: reference, runID: runID, startedAt: startedAt)
        }
        do {
            guard
                let submission = try SubmissionIntake().load(
                    lab: job.lab, student: job.student, manifestTime: job.manifestTime)
            else {
                return .skipped("no Labs/\(job.lab.folder)/Sources in this submission")
            }
            let alreadyGraded = try gradebook.hasGrading(
                student: submission.student, lab: job.lab.id, contentHash: submission.contentHash,
                testsHash: reference.testsHash)
            if alreadyGraded && !settings.force {
                return .skipped("unchanged since it was graded with these tests")
            }
            return try grade(
                submission, config: config, sandbox: sandbox, reference: reference, runID: runID,
                startedAt: startedAt, product: product)
        } catch let error as GradingError where error.code == .invalidSubmission {
            return recordRejection(job, reason: error.message, reference: reference, runID: runID, startedAt: startedAt)
        } catch {
            return .failed("\(error)")
        }
    }

    private func grade(
        _ submission: LabSubmission, config: LabConfiguration, sandbox: Sandbox, reference: Reference,
        runID: Int64, startedAt: Date, product: String
    ) throws -> JobOutcome {
        let deadline = course.deadline(for: config, student: submission.student)
        let policy = config.latePolicy ?? course.latePolicy
        let penalty = policy.penaltyPercent(submitted: submission.submittedAt, deadline: deadline)
        let lateSeconds = submission.submittedAt.timeIntervalSince(deadline)
        let scorer = Scorer(lab: config)

        try sandbox.synchronize()
        try sandbox.install(submission)
        try sandbox.discardCompiledLab(submission.lab)
        do {
            try SuiteRunner(
                packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false,
                timeout: settings.buildTimeout
            )
            .build(product: product)
        } catch let error as GradingError where error.code == .buildFailed {
            let message = error.message.replacingOccurrences(of: sandbox.root.path + "/", with: "")
            let score = scorer.score([], reference: reference.tests, hidden: reference.hidden, lateSeconds: lateSeconds)
            try gradebook.record(
                GradingRecord(
                    runID: runID, submission: submission.record, testsHash: reference.testsHash, status: .buildFailed,
                    message: message, startedAt: startedAt, finishedAt: Date(), score: score))
            return .buildFailed
        }

        let expected = Set(reference.tests.map(\.id))
        let outcome = try isolatingRunner(for: sandbox).run(submission.lab, expecting: expected)
        let score = scorer.score(
            outcome.tests, reference: reference.tests, hidden: reference.hidden, penaltyPercent: penalty,
            lateSeconds: lateSeconds)
        try gradebook.record(
            GradingRecord(
                runID: runID, submission: submission.record, testsHash: reference.testsHash, status: .graded,
                startedAt: startedAt, finishedAt: Date(), attempts: outcome.attempts,
                log: outcome.log.joined(separator: "\n"), anomalies: outcome.anomalies, score: score))
        return .graded(score)
    }

    private func recordRejection(
        _ job: Job, reason: String, reference: Reference, runID: Int64, startedAt: Date
    ) -> JobOutcome {
        let student = SubmissionIntake.studentID(of: job.student)
        guard (try? SubmissionIntake.validateStudentID(student)) != nil else { return .rejected(reason) }
        let submission = SubmissionRecord(
            student: student, lab: job.lab.id, contentHash: "rejected-" + Digest.sha256.hash(reason).hexString,
            submittedAt: job.manifestTime ?? startedAt,
            timeSource: job.manifestTime == nil ? .modificationTime : .manifest,
            fileCount: 0, byteCount: 0)
        guard let config = course.lab(id: job.lab.id) else { return .rejected(reason) }
        let score = Scorer(lab: config).score([], reference: reference.tests, hidden: reference.hidden)
        do {
            if try gradebook.hasGrading(
                student: student, lab: job.lab.id, contentHash: submission.contentHash,
                testsHash: reference.testsHash), !settings.force
            {
                return .skipped("rejected earlier for the same reason: \(reason)")
            }
            try gradebook.record(
                GradingRecord(
                    runID: runID, submission: submission, testsHash: reference.testsHash, status: .rejected,
                    message: reason, startedAt: startedAt, finishedAt: Date(), score: score))
        } catch {
            return .failed("could not record the rejection (\(reason)): \(error)")
        }
        return .rejected(reason)
    }
}

/// Number formatting shared by reports and progress lines.
public enum Format {
    /// Points with at most two decimals and no trailing zeros: `12`, `12.5`, `8.33`.
    public static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
    }
}
