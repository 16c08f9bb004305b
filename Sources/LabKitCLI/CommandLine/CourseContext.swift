import Foundation
import Grading

/// What most instructor commands need: the kit's folder, its labs, the course
/// configuration and the gradebook's path.
struct CourseContext {
    let kit: URL
    let labs: [LabDescriptor]
    let course: CourseConfiguration

    /// The default gradebook, `grading/gradebook.sqlite` in the kit.
    var defaultGradebook: URL {
        kit.appendingPathComponent("grading/gradebook.sqlite")
    }

    /// Finds the kit, reads its labs and validates `grading/course.yaml` against them.
    static func load() throws -> CourseContext {
        let kit = try KitLocation.packageDirectory()
        let labs = try LabCatalog.labs(in: kit)
        let course = try CourseConfiguration.load(from: kit.appendingPathComponent("grading/course.yaml"), labs: labs)
        return CourseContext(kit: kit, labs: labs, course: course)
    }

    /// The labs named on the command line, or every configured lab when none is named.
    ///
    /// An unknown name is a usage error, so that it exits with status 2 and shows the usage.
    func selectLabs(_ names: [String]) throws -> [LabDescriptor] {
        let configured = labs.filter { course.lab(id: $0.id) != nil }
        guard !names.isEmpty else { return configured }
        do {
            return try names.map { try LabCatalog.lab(named: $0, in: configured) }
        } catch let error as GradingError where error.code == .unknownLab {
            throw UsageError(error.message)
        }
    }

    /// Opens the gradebook at `path`, or the default one, creating it when it is missing.
    func openGradebook(_ path: String?) throws -> Gradebook {
        let url = path.map { URL(fileURLWithPath: $0) } ?? defaultGradebook
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try Gradebook(path: url.path)
    }

    /// Opens an existing gradebook for a command that only reads it.
    ///
    /// A missing file is an error rather than a new empty gradebook, so that a mistyped
    /// `--db` path does not print an empty report or export with exit status 0.
    func openExistingGradebook(_ path: String?) throws -> Gradebook {
        let url = path.map { URL(fileURLWithPath: $0) } ?? defaultGradebook
        guard FileManager.default.fileExists(atPath: url.path) else {
            var hint = "run labkit grade first, or name a gradebook with --db FILE"
            if let path { hint = "check the --db path, or run labkit grade --db \(path) first" }
            throw GradingError(.invalidGradebook, "no gradebook at \(url.path); \(hint)")
        }
        return try Gradebook(path: url.path)
    }
}
