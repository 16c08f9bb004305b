import Foundation

/// The `labkit` command line: the list of commands and the dispatch to one of them.
enum LabKitTool {
    /// Every `labkit` command, in the order the help lists them.
    static let commands: [any Command.Type] = [
        CheckCommand.self,
        GradeCommand.self,
        ReportCommand.self,
        ExportCommand.self,
        FeedbackCommand.self,
        AdjustCommand.self,
        MergeCommand.self,
        ReleaseCommand.self,
        SolutionsCommand.self,
        VerifyCommand.self,
        ServeCommand.self,
        BenchCommand.self,
        SegmentationCommand.self,
    ]

    /// The width of the command-name column in the overview.
    static let nameWidth = (commands.map { $0.name.count }.max() ?? 8) + 2

    static let overview = """
        labkit — the Secure Systems Labs command-line tool.

        Usage: labkit COMMAND [OPTIONS]

        Commands:
        \(commands.map { "  " + $0.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + $0.abstract }.joined(separator: "\n"))

        Run `labkit COMMAND --help` for a command's options.

        Exit statuses: 0 success; 1 a check failed (a test or a verification);
        2 invalid command line; 3 a build, file or process the command needs failed.
        """

    /// Parses the command line, runs the command, and returns the exit status.
    static func run(_ arguments: [String]) async -> ExitStatus {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            print(overview)
            return arguments.isEmpty ? .usageError : .success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("unknown command \(name); run `labkit --help` for the list")
            return .usageError
        }

        var list = ArgumentList(Array(arguments.dropFirst()))
        if list.wantsHelp {
            print(command.helpText)
            return .success
        }
        do {
            let parsed = try command.init(arguments: &list)
            try list.finish()
            return try await parsed.run()
        } catch let error as UsageError {
            printError("\(error)\nUsage: \(command.usage)")
            return .usageError
        } catch {
            printError("\(error)")
            return .failure
        }
    }

    /// Writes `labkit: MESSAGE` to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("labkit: \(message)\n".utf8))
    }
}
