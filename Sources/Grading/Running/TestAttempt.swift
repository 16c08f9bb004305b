import Foundation

/// Limits that keep one submission's tests from taking the grader down with them.
public struct RunLimits: Sendable {
    /// The maximum time one test may run before it is stopped and recorded as timed out.
    public var perTest: Duration
    /// The maximum time one test process may run in all.
    public var perProcess: Duration
    /// The address-space limit of the test process, or `nil` for none.
    public var memoryBytes: Int?
    /// Characters of the test process's own output kept for the log.
    public var outputCharacters: Int
    /// The confinement of the test process.
    public var confinement: Confinement
    /// The size limit of each file the test process writes, its output and `/tmp` files
    /// included, or `nil` for none.
    public var fileBytes: Int?
    /// The size of the private `/tmp` under bubblewrap, which lives in memory.
    public var temporaryBytes: Int
    /// The limit on processes and threads of the user `nobody` under bubblewrap
    /// (`RLIMIT_NPROC`), which counts every process of that user on the machine.
    public var processes: Int
    /// Folders of the package, such as `Tests/GatewayTests/Hidden`, that appear empty to
    /// the test process under bubblewrap, so that student code cannot read hidden tests.
    public var hiddenFolders: [String]

    public init(
        perTest: Duration = .seconds(60),
        perProcess: Duration = .seconds(900),
        memoryBytes: Int? = 8 << 30,
        outputCharacters: Int = 20_000,
        confinement: Confinement = .processGroup,
        fileBytes: Int? = 512 << 20,
        temporaryBytes: Int = 512 << 20,
        processes: Int = 4_096,
        hiddenFolders: [String] = []
    ) {
        self.perTest = perTest
        self.perProcess = perProcess
        self.memoryBytes = memoryBytes
        self.outputCharacters = outputCharacters
        self.confinement = confinement
        self.fileBytes = fileBytes
        self.temporaryBytes = temporaryBytes
        self.processes = processes
        self.hiddenFolders = hiddenFolders
    }
}

/// One start of the test process on a set of tests, watched while it runs.
struct TestAttempt {
    /// The way the test process ended, and its tests' results.
    struct Outcome {
        var result: TestRunResult
        var termination: ProcessGroup.Termination
        /// Tests the watchdog stopped for running longer than the per-test limit.
        var overran: Set<String>
        /// Whether the per-process limit stopped the run.
        var processTimedOut: Bool
        /// The end of the process's own output, for the log.
        var output: String
    }

    let packageDirectory: URL
    let scratchPath: URL
    let solutions: Bool
    let limits: RunLimits

    /// Runs the tests whose ids match `filters` and no pattern of `skips` (regular
    /// expressions, any of which may match).
    /// - Parameter parallel: Whether tests may run at the same time; one at a time when false.
    func run(filters: [String], skips: [String], parallel: Bool) throws -> Outcome {
        let directory = scratchPath.appendingPathComponent("attempts/\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stream = directory.appendingPathComponent("events.jsonl")
        let output = directory.appendingPathComponent("output.txt")

        let arguments = try command(
            filters: filters, skips: skips, parallel: parallel, stream: stream, directory: directory)
        let group = try ProcessGroup(
            arguments: arguments,
            directory: packageDirectory,
            environment: ChildProcess.environment(solutions: solutions),
            standardOutput: output,
            standardError: output,
            memoryLimitBytes: limits.memoryBytes,
            fileSizeLimitBytes: limits.fileBytes
        )
        var watchdog = Watchdog(stream: stream, limits: limits)
        let (termination, overran, processTimedOut) = watchdog.watch(group)

        var result = EventStreamReader().read(FileManager.default.contents(atPath: stream.path) ?? Data())
        result.mark(overran, as: .timedOut)
        return Outcome(
            result: result,
            termination: termination,
            overran: overran,
            processTimedOut: processTimedOut,
            output: ChildProcess.tail(of: output, limit: limits.outputCharacters)
        )
    }
}

extension TestAttempt {
    /// The command that runs the tests: the test bundle itself, under bubblewrap when that
    /// confinement is chosen, or `swift test` where no bundle can be run directly.
    ///
    /// Running the bundle directly keeps it in the attempt's process group. `swift test`
    /// starts the bundle in a process group of its own, which a timeout could not stop.
    func command(filters: [String], skips: [String], parallel: Bool, stream: URL, directory: URL) throws -> [String] {
        var testArguments = ["--event-stream-output-path", stream.path, "--event-stream-version", "0"]
        if !parallel {
            testArguments.append("--no-parallel")
        }
        for filter in filters {
            testArguments += ["--filter", filter]
        }
        for skip in skips {
            testArguments += ["--skip", skip]
        }
        guard limits.confinement == .bubblewrap else {
            if let bundle = SandboxCommand.testBundle(in: scratchPath) {
                return [bundle.path, "--testing-library", "swift-testing"] + testArguments
            }
            // NOTE: on macOS the tests run through `swift test`, so a hung test process
            // outlives the timeout that gave up on it.
            return ["swift", "test", "--skip-build", "--scratch-path", scratchPath.path] + testArguments
        }
        guard let bundle = SandboxCommand.testBundle(in: scratchPath) else {
            throw GradingError(.processFailed, "no test bundle in \(scratchPath.path)/debug; build the tests first")
        }
        try Self.prepareWriteOnlyStream(stream, in: directory)
        return SandboxCommand.bubblewrap(
            bundle: bundle, package: packageDirectory, scratch: scratchPath, writable: directory,
            limits: limits, testArguments: testArguments)
    }

    /// Creates the event stream so that the unprivileged test process can write it but not
    /// read it, nor remove or replace it.
    ///
    /// Swift Testing declares every test before it runs any, so a readable stream would
    /// hand student code the ids of the hidden tests to forge passes for.
    static func prepareWriteOnlyStream(_ stream: URL, in directory: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: directory.path)
        guard FileManager.default.createFile(atPath: stream.path, contents: nil) else {
            throw GradingError(.processFailed, "cannot create the event stream file \(stream.path)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o622], ofItemAtPath: stream.path)
    }
}

/// Follows a growing event stream and stops the process group when a test or the whole
/// process runs past its limit.
private struct Watchdog {
    let stream: URL
    let limits: RunLimits
    var offset = 0
    var pending = Data()
    var inFlight: [String: ContinuousClock.Instant] = [:]
    /// Test functions declared so far; suites are not timed, because a suite runs as long
    /// as all of its tests together.
    var functions: Set<String> = []

    init(stream: URL, limits: RunLimits) {
        self.stream = stream
        self.limits = limits
    }

    /// Waits for the group's leader to exit or for a limit to pass.
    mutating func watch(_ group: ProcessGroup) -> (ProcessGroup.Termination, Set<String>, Bool) {
        let processDeadline = ContinuousClock.now + limits.perProcess
        while true {
            if let termination = group.poll() {
                group.signalGroup(SIGKILL)  // Stray children of a finished run are not wanted.
                return (termination, [], false)
            }
            readNewRecords()
            let now = ContinuousClock.now
            let overran = Set(inFlight.filter { now - $0.value > limits.perTest }.keys)
            if !overran.isEmpty {
                return (group.terminateGroup(), overran, false)
            }
            if now > processDeadline {
                return (group.terminateGroup(), [], true)
            }
            usleep(50_000)
        }
    }

    /// Reads complete lines appended since the last call and tracks running tests.
    mutating func readNewRecords() {
        guard let handle = try? FileHandle(forReadingFrom: stream) else { return }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return }
        offset += data.count
        pending.append(data)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[pending.startIndex..<newline]
            pending.removeSubrange(pending.startIndex...newline)
            track(line)
        }
    }

    mutating func track(_ line: Data) {
        guard let record = try? JSONDecoder().decode(EventStreamRecord.self, from: line) else { return }
        if let test = record.test, test.kind == .function {
            functions.insert(test.id)
        }
        guard let event = record.event, let id = event.testID, functions.contains(id) else { return }
        switch event.kind {
        case .testStarted: inFlight[id] = ContinuousClock.now
        case .testEnded: inFlight[id] = nil
        default: break
        }
    }
}

extension TestRunResult {
    /// Sets the status of the listed tests, for tests a watchdog stopped.
    mutating func mark(_ ids: Set<String>, as status: TestStatus) {
        for index in tests.indices where ids.contains(tests[index].id) {
            tests[index].status = status
        }
    }
}
