public import Foundation

/// A private copy of the kit in which one job at a time builds and tests a submission.
///
/// The copy keeps its path and build folder across submissions, so that only the
/// student's module and the test bundle are rebuilt. Before each submission the copy is
/// brought back to the kit's exact content (files are rewritten only where they differ,
/// which keeps build products valid), so nothing a previous submission's code changed
/// on disk survives. The copy has no `Solutions/` and no gradebook.
public struct Sandbox: Sendable {
    /// The kit's own folder, the source of truth.
    public var kit: URL
    /// The copy's folder.
    public var root: URL

    /// The folder for the copy's build products.
    public var scratchPath: URL {
        root.deletingLastPathComponent().appendingPathComponent("build")
    }

    /// The top-level entries of the kit that a build needs.
    static let mirroredEntries = ["Package.swift", "Sources", "Tests", "Labs"]

    public init(kit: URL, root: URL) {
        self.kit = kit
        self.root = root
    }

    /// Makes the copy match the kit: the kit's files and nothing else.
    public func synchronize() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var expected: Set<String> = []
        for entry in Self.mirroredEntries {
            for path in try Self.files(under: kit, entry: entry) {
                expected.insert(path)
                try copyIfChanged(path)
            }
        }
        // Hidden files count here, because one left by an earlier submission would stay
        // readable by the next student's tests.
        for entry in Self.mirroredEntries {
            for path in try Self.files(under: root, entry: entry, includingHidden: true) where !expected.contains(path)
            {
                try FileManager.default.removeItem(at: root.appendingPathComponent(path))
            }
        }
    }

    /// Replaces the lab's scaffold in the copy with the submission's files.
    public func install(_ submission: LabSubmission) throws {
        try install(files: submission.files, lab: submission.lab)
    }

    /// Removes the lab module's compiled objects so that the next build compiles the
    /// installed files for certain.
    ///
    /// The Swift driver's incremental build compares modification times, which can miss a
    /// file replaced within a second of the previous build, and then the next submission
    /// would be tested with the previous one's code. Only the student's module is
    /// recompiled; everything else keeps its build products. The build plan files in the
    /// module's folder, such as its output file map, stay, because the build expects them.
    public func discardCompiledLab(_ lab: LabDescriptor) throws {
        let folder = scratchPath.appendingPathComponent("debug/\(lab.module).build")
        let compiled = ["o", "swiftdeps", "priors", "swiftmodule", "d", "dia"]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        where compiled.contains((path as NSString).pathExtension) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(path))
        }
    }

    /// Replaces the lab's `Sources` in the copy with `files`.
    public func install(files: [(path: String, contents: Data)], lab: LabDescriptor) throws {
        let sources = root.appendingPathComponent("Labs/\(lab.folder)/Sources")
        let wanted = Set(files.map(\.path))
        for path in try Self.files(under: sources, entry: nil) where !wanted.contains(path) {
            try FileManager.default.removeItem(at: sources.appendingPathComponent(path))
        }
        for file in files {
            let url = sources.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.contents(atPath: url.path) != file.contents {
                try file.contents.write(to: url)
            }
        }
    }

    private func copyIfChanged(_ path: String) throws {
        let source = kit.appendingPathComponent(path)
        let target = root.appendingPathComponent(path)
        guard let contents = FileManager.default.contents(atPath: source.path) else { return }
        if FileManager.default.contents(atPath: target.path) == contents { return }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: target)
    }

    /// Regular files below `base/entry` (or `base` itself when `entry` is nil), as paths
    /// relative to `base`; symbolic links are not followed.
    /// - Parameter includingHidden: Whether to list files and folders whose names start with a dot.
    static func files(under base: URL, entry: String?, includingHidden: Bool = false) throws -> [String] {
        let start = entry.map { base.appendingPathComponent($0) } ?? base
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return entry.map { [$0] } ?? [] }
        let prefix = entry.map { $0 + "/" } ?? ""
        var paths: [String] = []
        for case let relative as String in FileManager.default.enumerator(atPath: start.path) ?? .init() {
            let url = start.appendingPathComponent(relative)
            let type = try FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
            let isHidden = relative.hasPrefix(".") || relative.contains("/.")
            if type == .typeRegular && (includingHidden || !isHidden) {
                paths.append(prefix + relative)
            }
        }
        return paths.sorted()
    }
}
