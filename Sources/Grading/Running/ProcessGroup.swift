package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started as the leader of its own process group, so that it and
/// everything it starts can be stopped with one signal.
///
/// This file holds all of the grader's process control; it uses POSIX calls that Linux
/// and macOS share (`posix_spawn`, `waitpid`, `kill` on a negative pid).
///
/// Related system calls: `posix_spawn(3)`, `setpgid(2)`, `waitpid(2)`, `kill(2)`.
package final class ProcessGroup: Sendable {
    /// How a process ended.
    package enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        package var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal): "killed by signal \(signal) (\(ProcessGroup.signalName(signal)))"
            }
        }
    }

    /// The leader's process id, which is also the group's id.
    package let pid: pid_t

    /// Starts `arguments[0]`, looked up on `PATH`, in a new process group.
    /// - Parameters:
    ///   - arguments: The program and its arguments.
    ///   - directory: The working directory of the child.
    ///   - environment: The child's whole environment.
    ///   - standardOutput: A file that receives standard output, created or truncated.
    ///   - standardError: A file that receives standard error, created or truncated.
    ///   - memoryLimitBytes: When set, the address-space limit (`RLIMIT_AS`) of the child.
    ///   - fileSizeLimitBytes: When set, the size limit (`RLIMIT_FSIZE`) of every file the
    ///     child writes, its output files included. A write past it fails with `EFBIG`, or
    ///     raises `SIGXFSZ` in a process that does not ignore that signal.
    package init(
        arguments: [String],
        directory: URL,
        environment: [String: String],
        standardOutput: URL,
        standardError: URL,
        memoryLimitBytes: Int? = nil,
        fileSizeLimitBytes: Int? = nil
    ) throws {
        var limits: [String] = []
        if let memoryLimitBytes {
            limits.append("ulimit -v \(max(1, memoryLimitBytes / 1024))")
        }
        if let fileSizeLimitBytes {
            // POSIX counts `ulimit -f` in 512-byte blocks.
            limits.append("ulimit -f \(max(1, fileSizeLimitBytes / 512))")
        }
        var command = arguments
        if !limits.isEmpty {
            // posix_spawn cannot set resource limits, so a shell sets them and then
            // replaces itself with the command.
            let script = (limits + ["exec \"$@\""]).joined(separator: " && ")
            command = ["/bin/sh", "-c", script, "sh"] + arguments
        }
        pid = try ProcessGroup.spawn(
            command,
            directory: directory.path,
            environment: environment.map { "\($0.key)=\($0.value)" },
            standardOutput: standardOutput.path,
            standardError: standardError.path
        )
    }

    /// Sends a signal to every process in the group.
    package func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Returns the termination if the leader has exited, without waiting.
    package func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        return ProcessGroup.termination(fromWaitStatus: status)
    }

    /// Waits for the leader to exit.
    package func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return ProcessGroup.termination(fromWaitStatus: status)
    }

    /// Stops the whole group: SIGTERM, a short grace period, then SIGKILL, and reaps the
    /// leader.
    package func terminateGroup(grace: Duration = .seconds(2)) -> Termination {
        signalGroup(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if let termination = poll() {
                signalGroup(SIGKILL)
                return termination
            }
            usleep(20_000)
        }
        signalGroup(SIGKILL)
        return wait()
    }

    // MARK: - Spawning

    private static func spawn(
        _ arguments: [String],
        directory: String,
        environment: [String],
        standardOutput: String,
        standardError: String
    ) throws -> pid_t {
        guard let program = arguments.first, let executable = resolve(program, environment: environment) else {
            throw GradingError(.processFailed, "cannot find the program \(arguments.first ?? "(none)") on PATH")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if standardError == standardOutput {
            // Two separate opens would each keep their own offset and overwrite each other.
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and default handlers. Threads of Swift's
        // concurrency pool, and threads they start, block nearly every signal, and a child
        // would inherit that mask and ignore the SIGTERM meant to stop it.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGTERM, SIGINT, SIGHUP] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)

        // The working directory is set by running the command through `cd`, because
        // posix_spawn_file_actions_addchdir is not available on every supported system.
        let shellArguments =
            ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments.dropFirst()
        var pid: pid_t = 0
        let status = withCStrings(shellArguments) { argv in
            withCStrings(environment) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else {
            throw GradingError(.processFailed, "could not start \(program): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Finds a program on the child's `PATH`, or returns it unchanged when it has a slash.
    private static func resolve(_ program: String, environment: [String]) -> String? {
        if program.contains("/") { return program }
        let path = environment.first { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { "\($0)/\(program)" }
            .first { access($0, X_OK) == 0 }
    }

    private static func withCStrings<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer {
            for pointer in pointers { free(pointer) }
        }
        return pointers.withUnsafeBufferPointer { buffer in
            // posix_spawn takes `char *const argv[]`; the buffer's base address is that.
            body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }

    // MARK: - Wait status

    private static func termination(fromWaitStatus status: Int32) -> Termination {
        let signal = status & 0x7F
        if signal == 0 {
            return .exited((status >> 8) & 0xFF)
        }
        return .signaled(signal)
    }

    /// The usual name of a signal number, such as `SIGSEGV`.
    package static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
            SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
