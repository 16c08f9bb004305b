package import Foundation

/// Runs a command to completion with its output captured in files, so that a chatty
/// child can never block on a full pipe, and stops its whole process group when a
/// wall-clock limit passes.
package enum ChildProcess {
    package struct Output: Sendable {
        package var termination: ProcessGroup.Termination
        package var standardOutput: String
        package var standardError: String
        package var timedOut: Bool

        package var succeeded: Bool { termination == .exited(0) && !timedOut }
    }

    /// The variable through which Swift Testing caps how many tests run at once.
    ///
    /// Without a cap every test starts at once, and on a 2-core machine a test's socket read
    /// can wait seconds behind the CPU work of hundreds of others, long enough to time out.
    /// A student's grade must not depend on that, so the grader caps it unless the
    /// instructor set the variable. Toolchains that do not know the variable ignore it.
    package static let parallelismVariable = "SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH"

    /// Two tests per core: enough to overlap waits, few enough to keep waits short.
    package static var testParallelism: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    /// The environment for a child `swift` command, choosing scaffolds or solutions.
    package static func environment(solutions: Bool) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LABKIT_SOLUTIONS"] = solutions ? "1" : nil
        environment[parallelismVariable] = environment[parallelismVariable] ?? String(testParallelism)
        return environment
    }

    /// Runs `arguments` (the program is looked up on `PATH`) in `directory` and waits.
    ///
    /// - Parameters:
    ///   - arguments: The program and its arguments.
    ///   - directory: The working directory.
    ///   - environment: The child's whole environment.
    ///   - timeout: After this long the group gets SIGTERM, then SIGKILL.
    ///   - outputLimit: Characters kept of each output stream, from its end.
    package static func run(
        _ arguments: [String],
        in directory: URL,
        environment: [String: String],
        timeout: Duration,
        outputLimit: Int = 1_000_000
    ) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("labkit-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")

        let group = try ProcessGroup(
            arguments: arguments,
            directory: directory,
            environment: environment,
            standardOutput: outURL,
            standardError: errURL
        )
        let deadline = ContinuousClock.now + timeout
        var termination = group.poll()
        while termination == nil && ContinuousClock.now < deadline {
            usleep(50_000)
            termination = group.poll()
        }
        let timedOut = termination == nil
        let final = termination ?? group.terminateGroup()
        return Output(
            termination: final,
            standardOutput: tail(of: outURL, limit: outputLimit),
            standardError: tail(of: errURL, limit: outputLimit),
            timedOut: timedOut
        )
    }

    /// The last `limit` characters of a file decoded as UTF-8, or "" when unreadable.
    package static func tail(of url: URL, limit: Int) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        let text = String(decoding: data.suffix(limit * 4), as: UTF8.self)
        return String(text.suffix(limit))
    }
}
