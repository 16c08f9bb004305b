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
    func selectLabs(_ names: [String]) throws -> [LabDescriptor] {
        let configured = labs.filter { course.lab(id: $0.id) != nil }
        guard !names.isEmpty else { return configured }
        return try names.map { try LabCatalog.lab(named: $0, in: configured) }
    }

    /// Opens the gradebook at `path`, or the default one.
    func openGradebook(_ path: String?) throws -> Gradebook {
        let url = path.map { URL(fileURLWithPath: $0) } ?? defaultGradebook
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try Gradebook(path: url.path)
    }
}
