/// A `labkit` subcommand: its help text and how it runs.
protocol Command: Sendable {
    /// The word that selects the command, such as `verify`.
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The synopsis, such as `labkit verify [--lab LAB ...]`.
    static var usage: String { get }
    /// Options and arguments, one per line, and any further explanation.
    static var details: String { get }

    /// Parses the arguments that follow the command's name.
    init(arguments: inout ArgumentList) throws

    /// Does the work and returns the process's exit status.
    func run() async throws -> ExitStatus
}

extension Command {
    static var helpText: String {
        """
        \(abstract)

        Usage: \(usage)

        \(details)
        """
    }
}

/// The exit statuses of `labkit`, the same for every command.
enum ExitStatus: Int32 {
    /// The command did what it was asked and found nothing wrong.
    case success = 0
    /// The command ran, and what it checked failed (a test, a verification).
    case checkFailed = 1
    /// The command line was invalid; the message says which argument and why.
    case usageError = 2
    /// Something the command needs failed: a build, a file, a child process.
    case failure = 3
}

/// A problem with the command line, reported with the command's usage.
struct UsageError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
