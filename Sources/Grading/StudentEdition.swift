public import Foundation

/// Builds the student edition of the kit: the kit without anything students must not see.
///
/// Left out: `Solutions/`, every lab's hidden tests, the gradebook and feedback, the
/// bundled sample submissions (one of them is a complete solution), CI and the
/// instructor's scripts. The course configuration is rewritten without per-student
/// extensions and hidden-test folders, and the README is the student one from
/// `grading/templates/STUDENT-README.md`.
public struct StudentEdition: Sendable {
    public var kit: URL
    public var course: CourseConfiguration

    public init(kit: URL, course: CourseConfiguration) {
        self.kit = kit
        self.course = course
    }

    /// Paths (relative to the kit) that never go into the student edition.
    public var excludedPrefixes: [String] {
        [
            "Solutions/", "grading/gradebook", "grading/samples/", "grading/feedback/", "grading/out/",
            "grading/templates/", ".ci/", ".build/", "scripts/quickstart", "scripts/test",
        ]
            + course.labs.compactMap(\.hiddenTests).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// Returns the kit's files that go into the student edition, relative to the kit.
    public func includedFiles() throws -> [String] {
        let all = try Self.trackedFiles(in: kit)
        let rewritten: Set = ["grading/course.yaml", "README.md"]
        return all.filter { path in !excludedPrefixes.contains { path.hasPrefix($0) } && !rewritten.contains(path) }
    }

    /// Writes the edition to `destination`, which must not exist yet or be empty.
    /// - Returns: The number of files written.
    public func write(to destination: URL) throws -> Int {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: destination.path), !contents.isEmpty {
            throw GradingError(.invalidArgument, "\(destination.path) is not empty; name a new folder")
        }
        let files = try includedFiles()
        for path in files {
            let target = destination.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: kit.appendingPathComponent(path), to: target)
        }
        let configuration = destination.appendingPathComponent("grading/course.yaml")
        try FileManager.default.createDirectory(
            at: configuration.deletingLastPathComponent(), withIntermediateDirectories: true)
        try studentConfiguration().write(to: configuration, atomically: true, encoding: .utf8)
        let readme = kit.appendingPathComponent("grading/templates/STUDENT-README.md")
        if FileManager.default.fileExists(atPath: readme.path) {
            try FileManager.default.copyItem(at: readme, to: destination.appendingPathComponent("README.md"))
        }
        return files.count + 2
    }

    /// Returns the course configuration without extensions or hidden-test folders, as YAML.
    public func studentConfiguration() -> String {
        var lines = [
            "# The course configuration of the student edition: labs, parts, points and",
            "# deadlines, so that `labkit check` scores your work as the grader does.",
            "title: \(Self.quoted(course.title))",
            "latePolicy:",
        ]
        lines += Self.latePolicyLines(course.latePolicy, indent: "  ")
        lines.append("labs:")
        for lab in course.labs {
            lines += [
                "  - id: \(Self.quoted(lab.id))", "    title: \(Self.quoted(lab.title))",
                "    module: \(Self.quoted(lab.module))", "    testTarget: \(Self.quoted(lab.testTarget))",
                "    deadline: \(Timestamp.string(lab.deadline))", "    parts:",
            ]
            for part in lab.parts {
                lines += [
                    "      - part: \(part.part)", "        title: \(Self.quoted(part.title))",
                    "        points: \(Format.points(part.points))",
                ]
            }
            if !lab.weights.isEmpty {
                lines.append("    weights:")
                lines += lab.weights.sorted { $0.key < $1.key }.map {
                    "      \(Self.quoted($0.key)): \(Format.points($0.value))"
                }
            }
            if let policy = lab.latePolicy {
                lines.append("    latePolicy:")
                lines += Self.latePolicyLines(policy, indent: "      ")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func latePolicyLines(_ policy: LatePolicy, indent: String) -> [String] {
        [
            "\(indent)kind: \(policy.kind.rawValue)", "\(indent)percent: \(Format.points(policy.percent))",
            "\(indent)cap: \(Format.points(policy.cap))",
            "\(indent)graceMinutes: \(Format.points(policy.graceMinutes))",
        ]
    }

    /// Returns `text` as a YAML double-quoted scalar, with backslashes and quotes escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Returns the files git tracks in `kit`, or every regular file when it is not a git checkout.
    static func trackedFiles(in kit: URL) throws -> [String] {
        let output = try? ChildProcess.run(
            ["git", "ls-files", "-z"], in: kit, environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        if let output, output.succeeded {
            return output.standardOutput.split(separator: "\0").map(String.init)
                .filter { FileManager.default.fileExists(atPath: kit.appendingPathComponent($0).path) }
        }
        return try Sandbox.files(under: kit, entry: nil).filter { !$0.hasPrefix(".build/") }
    }
}
