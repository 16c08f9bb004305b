import Foundation
import Grading

/// `labkit merge`: combines shard gradebooks.
struct MergeCommand: Command {
    static let name = "merge"
    static let abstract = "Copy the history of other gradebooks (such as shards) into one gradebook."
    static let usage = "labkit merge SOURCE.sqlite ... [--db FILE]"
    static let details = """
        Arguments:
          SOURCE.sqlite   A gradebook written by labkit grade, typically with --shard K/N.

        Options:
          --db FILE       The gradebook to merge into. Default: grading/gradebook.sqlite.

        Every run, grading, result, score and adjustment is copied with new row ids;
        nothing is overwritten. A run already present is skipped, so merging the same
        shard twice is harmless.
        """

    var sources: [String]
    var database: String?

    init(arguments: inout ArgumentList) throws {
        database = try arguments.option("--db")
        var sources: [String] = []
        while let source = arguments.positional() {
            sources.append(source)
        }
        guard !sources.isEmpty else { throw UsageError("name at least one gradebook to merge") }
        self.sources = sources
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        let target = database.map { URL(fileURLWithPath: $0) } ?? context.defaultGradebook
        let targetPath = target.standardizedFileURL.resolvingSymlinksInPath().path
        for source in sources
        where URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath().path == targetPath {
            throw UsageError(
                "\(source) is the gradebook being merged into; name it with --db and merge the other files into it")
        }
        let gradebook = try context.openGradebook(database)
        for source in sources {
            let copied = try gradebook.merge(from: URL(fileURLWithPath: source))
            let note = copied == 0 ? " (it has none, or its runs were merged before)" : ""
            print("Merged \(copied) gradings from \(source)\(note)")
        }
        print("")
        print(try ScoreTable(gradebook: gradebook, labs: context.selectLabs([]).map(\.id)).render())
        return .success
    }
}
