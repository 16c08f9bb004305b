public import Foundation
import LabKit

/// One student's lab files, checked and ready to copy into a sandbox.
public struct LabSubmission: Sendable {
    public var student: String
    public var lab: LabDescriptor
    /// The folder the files came from.
    public var sourcesFolder: URL
    /// Files relative to the lab's `Sources` folder, with their contents.
    public var files: [(path: String, contents: Data)]
    public var contentHash: String
    public var submittedAt: Date
    public var timeSource: SubmissionTimeSource

    public var byteCount: Int { files.reduce(0) { $0 + $1.contents.count } }

    public var record: SubmissionRecord {
        SubmissionRecord(
            student: student, lab: lab.id, contentHash: contentHash, submittedAt: submittedAt,
            timeSource: timeSource, fileCount: files.count, byteCount: byteCount)
    }
}

/// Finds and checks a student's lab files before any of them reaches a sandbox.
///
/// Only `.swift` files under the lab's `Sources` folder are taken. A submission is
/// rejected, with a message naming the file, when a symbolic link leads outside the
/// submission, a file or the whole is too large, or a file is a package manifest or
/// imports a test library: tests are the kit's, never the student's.
public struct SubmissionIntake: Sendable {
    public var maxFileBytes = 512 * 1024
    public var maxTotalBytes = 4 * 1024 * 1024
    public var maxFiles = 200

    public init() {}

    /// Lists the student folders of a submissions folder: every visible subfolder.
    public static func studentFolders(in root: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        return names.sorted()
            .filter { !$0.hasPrefix(".") }
            .map { root.appendingPathComponent($0) }
            .filter { $0.hasDirectoryPath || isDirectory($0) }
    }

    /// Returns the student id a folder stands for: its name in Unicode normalization form C.
    ///
    /// macOS file systems store names decomposed (NFD) and most others as typed, so
    /// `José` from two machines would otherwise be two students.
    public static func studentID(of folder: URL) -> String {
        folder.lastPathComponent.precomposedStringWithCanonicalMapping
    }

    /// Returns, for each student folder whose id equals another's when case is ignored,
    /// the reason it cannot be graded.
    public static func conflictingIDs(among folders: [URL]) -> [URL: String] {
        let groups = Dictionary(grouping: folders) { studentID(of: $0).lowercased() }
        var reasons: [URL: String] = [:]
        for group in groups.values where group.count > 1 {
            let names = group.map { "\"\($0.lastPathComponent)\"" }.sorted().joined(separator: ", ")
            for folder in group {
                reasons[folder] =
                    "the student folders \(names) name the same student once case and Unicode normalization "
                    + "are ignored; rename or merge them so that each student has one folder"
            }
        }
        return reasons
    }

    /// Checks that a folder name can serve as a student id in file names and CSV exports.
    public static func validateStudentID(_ id: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._@-"))
        guard !id.isEmpty, id.count <= 128, id.unicodeScalars.allSatisfy(allowed.contains) else {
            throw GradingError(
                .invalidSubmission,
                "the folder name \(id) is not a valid student id; use letters, digits, '.', '_', '@' or '-'")
        }
    }

    /// Finds `Labs/<folder>/Sources` in a student's folder, at its top or one level down
    /// (archives often add a folder), and loads the lab's files.
    /// - Returns: `nil` when the student submitted nothing for this lab.
    public func load(lab: LabDescriptor, student folder: URL, manifestTime: Date?) throws -> LabSubmission? {
        let student = Self.studentID(of: folder)
        try Self.validateStudentID(student)
        guard let sources = try locateSources(of: lab, in: folder) else { return nil }
        let files: [(path: String, contents: Data)]
        do {
            files = try collectFiles(in: sources, submissionRoot: folder)
        } catch let error as GradingError {
            throw error
        } catch {
            // Such as a path longer than the system allows. A rejection is recorded, but any
            // other error would leave the student without an outcome.
            throw GradingError(
                .invalidSubmission,
                "the files in Labs/\(lab.folder)/Sources cannot be read (\(error.localizedDescription)); "
                    + "submit plain files in shallow folders")
        }
        guard !files.isEmpty else {
            throw GradingError(
                .invalidSubmission,
                "Labs/\(lab.folder)/Sources has no .swift files; submit the lab's source files there")
        }
        let newest = try files.compactMap { try modificationDate(of: sources.appendingPathComponent($0.path)) }.max()
        return LabSubmission(
            student: student,
            lab: lab,
            sourcesFolder: sources,
            files: files,
            contentHash: Self.contentHash(of: files),
            submittedAt: manifestTime ?? newest ?? Date(timeIntervalSince1970: 0),
            timeSource: manifestTime == nil ? .modificationTime : .manifest
        )
    }

    private func locateSources(of lab: LabDescriptor, in folder: URL) throws -> URL? {
        let relative = "Labs/\(lab.folder)/Sources"
        var candidates = [folder.appendingPathComponent(relative)]
        for child in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !child.hasPrefix(".") {
            candidates.append(folder.appendingPathComponent(child).appendingPathComponent(relative))
        }
        let found = candidates.filter { Self.isDirectory($0) }
        guard found.count <= 1 else {
            let list = found.map { $0.path }.joined(separator: ", ")
            throw GradingError(.invalidSubmission, "found more than one \(relative) (\(list)); keep only one copy")
        }
        if let sources = found.first {
            try checkInside(sources, root: folder)
        }
        return found.first
    }

    /// Rejects a `Sources` folder that a symbolic link on its way leads out of the
    /// submission, such as to another student's folder or to the kit's `Solutions/`.
    private func checkInside(_ sources: URL, root: URL) throws {
        let target = sources.resolvingSymlinksInPath().path
        guard target.hasPrefix(root.resolvingSymlinksInPath().path + "/") else {
            let relative = sources.path.replacingOccurrences(of: root.deletingLastPathComponent().path + "/", with: "")
            throw GradingError(
                .invalidSubmission,
                "\(relative) leads through a symbolic link to \(target), outside the submission; submit the files themselves"
            )
        }
    }

    private func collectFiles(in sources: URL, submissionRoot: URL) throws -> [(path: String, contents: Data)] {
        guard let enumerator = FileManager.default.enumerator(atPath: sources.path) else { return [] }
        var files: [(path: String, contents: Data)] = []
        var total = 0
        for case let relative as String in enumerator {
            let url = sources.appendingPathComponent(relative)
            // Foundation shows bytes that are not UTF-8 as U+FFFD, and that name opens nothing.
            guard !relative.contains("\u{FFFD}") else {
                throw GradingError(
                    .invalidSubmission,
                    "Sources/\(relative) has a name that is not valid UTF-8 (shown with �); rename the file")
            }
            // SwiftPM 6.3 writes such a name unescaped into its output file map, and the
            // build then fails with a message about the map rather than the file.
            guard !relative.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw GradingError(
                    .invalidSubmission,
                    "Sources/\(relative.debugDescription.dropFirst().dropLast()) has a control character, such as a "
                        + "line break, in its name; rename the file")
            }
            try checkLink(url, relative: relative, root: submissionRoot)
            // SwiftPM compiles no hidden file, and one installed in the sandbox would outlive
            // this submission there, readable by the next student's tests.
            let isHidden = relative.split(separator: "/").contains { $0.hasPrefix(".") }
            guard relative.hasSuffix(".swift"), !isHidden, !Self.isDirectory(url) else { continue }
            let contents = try read(url, relative: relative)
            try checkContents(contents, relative: relative)
            total += contents.count
            files.append((relative, contents))
            guard files.count <= maxFiles, total <= maxTotalBytes else {
                throw GradingError(
                    .invalidSubmission,
                    "the lab's Sources exceed \(maxFiles) files or \(maxTotalBytes / 1024) KiB; remove build output or copies"
                )
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    private func checkLink(_ url: URL, relative: String, root: URL) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        guard attributes[.type] as? FileAttributeType == .typeSymbolicLink else { return }
        let target = url.resolvingSymlinksInPath().path
        let base = root.resolvingSymlinksInPath().path
        guard target.hasPrefix(base + "/") else {
            throw GradingError(
                .invalidSubmission,
                "Sources/\(relative) is a symbolic link to \(target), outside the submission; submit the file itself")
        }
    }

    private func read(_ url: URL, relative: String) throws -> Data {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxFileBytes else {
            throw GradingError(
                .invalidSubmission,
                "Sources/\(relative) is \(size / 1024) KiB, over the \(maxFileBytes / 1024) KiB limit")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GradingError(.invalidSubmission, "Sources/\(relative) cannot be read")
        }
        return data
    }

    private func checkContents(_ contents: Data, relative: String) throws {
        let name = (relative as NSString).lastPathComponent
        guard name != "Package.swift" else {
            throw GradingError(
                .invalidSubmission, "Sources/\(relative) is a package manifest; the grader uses the kit's own")
        }
        let text = String(decoding: contents, as: UTF8.self)
        if let found = Self.testLibraryImport(in: text) {
            throw GradingError(
                .invalidSubmission,
                "Sources/\(relative) contains `\(found)`; tests belong to the kit, so remove it from lab code")
        }
    }

    /// Returns the first import of a test library in Swift source, in any spelling the
    /// compiler accepts: `import Testing`, `import struct Testing.Issue`, an import split by
    /// a comment or a line break, or any `@testable import`.
    static func testLibraryImport(in source: String) -> String? {
        // Block comments go first, because `import /* */ Testing` still imports. Turning a
        // comment into a space can only reveal an import, never hide one.
        let uncommented = source.replacingOccurrences(
            of: #"/\*[\s\S]*?\*/"#, with: " ", options: .regularExpression)
        let kinds = "(?:typealias|struct|class|enum|protocol|let|var|func|actor)"
        let patterns = [
            #"@testable\s+import\b"#,
            #"\bimport\s+(?:\#(kinds)\s+)?(?:Testing|XCTest|_Testing\w*)\b"#,
        ]
        for pattern in patterns {
            if let range = uncommented.range(of: pattern, options: .regularExpression) {
                return uncommented[range].split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
        }
        return nil
    }

    private func modificationDate(of url: URL) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
    }

    /// SHA-256 over each file's path and contents, in path order, as lowercase hex.
    public static func contentHash(of files: [(path: String, contents: Data)]) -> String {
        var data = Data()
        for file in files.sorted(by: { $0.path < $1.path }) {
            data.append(contentsOf: Array("\(file.path)\u{0}\(file.contents.count)\u{0}".utf8))
            data.append(file.contents)
        }
        return Digest.sha256.hash(data).hexString
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
