public import Foundation
import LabKit
import Synchronization

/// Grades folders of submissions into a gradebook, several at a time.
///
/// Each job takes a sandbox of its own (see ``Sandbox``), builds the student's lab
/// there, runs the kit's tests with ``IsolatingRunner``, scores the results against the
/// reference solution's test set, and writes one transaction to the gradebook. One bad
/// submission never stops the batch, and a submission already graded with the same tests
/// is skipped unless `force` is set, so an interrupted run resumes where it stopped.
public final class Grader: Sendable {
    /// A step of the grader's progress, reported as it happens.
    public enum Progress: Sendable {
        case preparing(String)
        case started(student: String, lab: String, index: Int, total: Int)
        case finished(
            student: String, lab: String, outcome: String, seconds: Double, done: Int, total: Int,
            secondsLeft: Double?)
        case skipped(student: String, lab: String, reason: String)
    }

    public struct Settings: Sendable {
        public var jobs: Int
        public var limits: RunLimits
        public var force: Bool
        /// Grade only the `index`-th of `count` equal parts of the batch (1-based).
        public var shard: (index: Int, count: Int)?
        public var command: String
        /// The wall-clock limit of one submission's build.
        ///
        /// A build that runs longer, such as one with expressions that each keep the type
        /// checker busy for seconds, scores 0 as a failed build.
        public var buildTimeout: Duration

        public init(
            jobs: Int = 1, limits: RunLimits = RunLimits(), force: Bool = false,
            shard: (index: Int, count: Int)? = nil, command: String = "labkit grade",
            buildTimeout: Duration = .seconds(1_800)
        ) {
            self.jobs = jobs
            self.limits = limits
            self.force = force
            self.shard = shard
            self.command = command
            self.buildTimeout = buildTimeout
        }
    }

    /// The totals of one batch.
    public struct Summary: Sendable {
        public var graded = 0
        public var skipped = 0
        public var failedBuilds = 0
        public var rejected = 0
        public var errors = 0
    }

    let kit: URL
    let course: CourseConfiguration
    let gradebook: Gradebook
    let workDirectory: URL
    let settings: Settings
    let progress: @Sendable (Progress) -> Void

    public init(
        kit: URL, course: CourseConfiguration, gradebook: Gradebook, workDirectory: URL, settings: Settings,
        progress: @escaping @Sendable (Progress) -> Void
    ) {
        self.kit = kit
        self.course = course
        self.gradebook = gradebook
        self.workDirectory = workDirectory
        self.settings = settings
        self.progress = progress
    }

    // MARK: - Batch

    /// Grades every student folder of `submissions` for each of `labs`.
    public func grade(submissions: URL, labs: [LabDescriptor]) throws -> Summary {
        let started = ContinuousClock.now
        let runID = try gradebook.beginRun(runInfo, at: Date())
        let product = try LabCatalog.testProduct(in: kit)
        var references: [String: Reference] = [:]
        for lab in labs {
            progress(
                .preparing(
                    "building and running the reference solution of \(lab.id) to learn its tests "
                        + "(the first build of the kit takes minutes)"))
            references[lab.id] = try reference(for: lab, product: product)
        }
        let jobs = try plan(submissions: submissions, labs: labs)
        let summary = try run(jobs, references: references, runID: runID, product: product)
        let elapsed = ContinuousClock.now - started
        try gradebook.finishRun(runID, at: Date(), duration: elapsed.seconds)
        return summary
    }

    private var runInfo: Gradebook.RunInfo {
        Gradebook.RunInfo(
            command: settings.command,
            toolchain: Toolchain.version,
            kitVersion: Toolchain.kitVersion(at: kit),
            shard: settings.shard.map { "\($0.index)/\($0.count)" })
    }

    /// One student and lab to grade.
    struct Job: Sendable {
        var student: URL
        var lab: LabDescriptor
        var manifestTime: Date?
        /// The reason the folder is rejected whatever it contains, such as a second folder for its student.
        var conflict: String?
    }

    private func plan(submissions: URL, labs: [LabDescriptor]) throws -> [Job] {
        let manifest = try SubmissionManifest.load(from: submissions)
        let folders = try SubmissionIntake.studentFolders(in: submissions)
        let conflicts = SubmissionIntake.conflictingIDs(among: folders)
        var jobs: [Job] = []
        for folder in folders {
            for lab in labs {
                let time = manifest.time(student: SubmissionIntake.studentID(of: folder), lab: lab.id)
                jobs.append(Job(student: folder, lab: lab, manifestTime: time, conflict: conflicts[folder]))
            }
        }
        guard let shard = settings.shard else { return jobs }
        return jobs.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    /// Grades `jobs` on `settings.jobs` threads, each with a sandbox of its own.
    private func run(_ jobs: [Job], references: [String: Reference], runID: Int64, product: String) throws -> Summary {
        let workers = max(1, min(settings.jobs, jobs.count))
        let batch = Mutex(BatchState(total: jobs.count, workers: workers))
        let group = DispatchGroup()
        for slot in 0..<workers {
            group.enter()
            // Threads, not tasks: each job blocks on builds and test processes for seconds.
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                let sandbox = Sandbox(kit: kit, root: workDirectory.appendingPathComponent("slot-\(slot)/kit"))
                progress(.preparing("building sandbox \(slot + 1) of \(workers) with the scaffold"))
                warmUp(sandbox, product: product)
                while let index = batch.withLock({ $0.takeNext() }) {
                    let job = jobs[index]
                    let student = job.student.lastPathComponent
                    progress(.started(student: student, lab: job.lab.id, index: index + 1, total: jobs.count))
                    let start = ContinuousClock.now
                    let outcome = perform(
                        job, sandbox: sandbox, reference: references[job.lab.id], runID: runID, product: product)
                    let seconds = (ContinuousClock.now - start).seconds
                    let (done, left) = batch.withLock { $0.finish(outcome, seconds: seconds) }
                    report(outcome, job: job, seconds: seconds, done: done, total: jobs.count, left: left)
                }
            }
        }
        group.wait()
        return batch.withLock { $0.summary }
    }

    /// Builds the kit with its scaffold in a sandbox, without the build time limit, so that
    /// a submission's build recompiles only its lab and the tests and a short
    /// ``Settings/buildTimeout`` never stops the sandbox's first, full build.
    ///
    /// A failure here is left for the first job, which builds again and reports it.
    private func warmUp(_ sandbox: Sandbox, product: String) {
        do {
            try sandbox.synchronize()
            try SuiteRunner(packageDirectory: sandbox.root, scratchPath: sandbox.scratchPath, solutions: false)
                .build(product: product)
        } catch {
            progress(.preparing("building a sandbox with the scaffold failed, so each job builds in full: \(error)"))
        }
    }

    private func report(_ outcome: JobOutcome, job: Job, seconds: Double, done: Int, total: Int, left: Double?) {
        let student = job.student.lastPathComponent
        switch outcome {
        case .skipped(let reason):
            progress(.skipped(student: student, lab: job.lab.id, reason: reason))
        default:
            progress(
                .finished(
                    student: student, lab: job.lab.id, outcome: outcome.description, seconds: seconds,
                    done: done, total: total, secondsLeft: left))
        }
    }
}

/// The shared progress of one batch: which job comes next, and the estimate of time left.
private struct BatchState {
    let total: Int
    let workers: Int
    var next = 0
    var done = 0
    var summary = Grader.Summary()
    /// Seconds spent on jobs that built and tested, the ones an estimate should follow.
    var busySeconds = 0.0
    var busyJobs = 0

    init(total: Int, workers: Int) {
        self.total = total
        self.workers = workers
    }

    /// Returns the index of the next job to grade, or `nil` when none is left.
    mutating func takeNext() -> Int? {
        guard next < total else { return nil }
        next += 1
        return next - 1
    }

    /// Counts a finished job; returns the jobs done and the estimated seconds left.
    mutating func finish(_ outcome: JobOutcome, seconds: Double) -> (done: Int, secondsLeft: Double?) {
        done += 1
        outcome.count(into: &summary)
        switch outcome {
        case .graded, .buildFailed:
            busySeconds += seconds
            busyJobs += 1
        default:
            break
        }
        guard busyJobs > 0 else { return (done, nil) }
        return (done, busySeconds / Double(busyJobs) * Double(total - done) / Double(workers))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
