package import Foundation

/// Runs a command with its output captured in files, so that a chatty child can never
/// block on a full pipe, and stops it when a wall-clock limit passes.
package enum ChildProcess {
    package struct Output: Sendable {
        package var status: Int32
        package var standardOutput: String
        package var standardError: String
        package var timedOut: Bool
    }

    /// The environment for a child `swift` command, choosing scaffolds or solutions.
    package static func environment(solutions: Bool) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LABKIT_SOLUTIONS"] = solutions ? "1" : nil
        return environment
    }

    /// Runs `arguments` (looked up on `PATH`) in `directory` and waits for it.
    /// - Parameter timeout: After this long the child is sent SIGTERM, then SIGKILL.
    package static func run(
        _ arguments: [String],
        in directory: URL,
        environment: [String: String],
        timeout: Duration
    ) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labkit-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else {
            throw GradingError(.processFailed, "could not create output files in \(scratch.path)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw GradingError(.processFailed, "could not start \(arguments.joined(separator: " ")): \(error)")
        }

        let timedOut = wait(for: process, exited: exited, timeout: timeout)
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Output(status: process.terminationStatus, standardOutput: out, standardError: err, timedOut: timedOut)
    }

    /// Waits for the process to exit; returns whether the timeout stopped it.
    private static func wait(for process: Process, exited: DispatchSemaphore, timeout: Duration) -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if exited.wait(timeout: .now() + seconds) == .success { return false }
        process.terminate()
        if exited.wait(timeout: .now() + 10) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        return true
    }
}
