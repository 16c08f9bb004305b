import Foundation
import LabKit

/// Facts about the tools and the kit that a grading run records.
enum Toolchain {
    /// The output of `swift --version`'s first line, read once.
    static let version: String = {
        let output = try? ChildProcess.run(
            ["swift", "--version"], in: URL(fileURLWithPath: "/"),
            environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        let text = (output?.standardOutput ?? "") + (output?.standardError ?? "")
        return text.split(separator: "\n").first { $0.contains("Swift version") }.map(String.init) ?? "unknown"
    }()

    /// The kit's git commit, with `-modified` when its work tree has changes, or `unknown`.
    static func kitVersion(at kit: URL) -> String {
        let environment = ProcessInfo.processInfo.environment
        guard
            let head = try? ChildProcess.run(
                ["git", "rev-parse", "--short=12", "HEAD"], in: kit, environment: environment, timeout: .seconds(30)),
            head.succeeded
        else { return "unknown" }
        let status = try? ChildProcess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], in: kit, environment: environment,
            timeout: .seconds(30))
        let modified = (status?.standardOutput.isEmpty == false) ? "-modified" : ""
        return head.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) + modified
    }

    /// A hash of everything that decides a lab's results apart from the student's code:
    /// the lab's tests, LabKit, the manifest and the lab's grading settings.
    static func testsHash(kit: URL, lab: LabDescriptor, configuration: LabConfiguration) throws -> String {
        var data = Data()
        for entry in ["Package.swift", "Tests/\(lab.testTarget)", "Sources/LabKit"] {
            for path in try Sandbox.files(under: kit, entry: entry) {
                data.append(Data(path.utf8))
                data.append(FileManager.default.contents(atPath: kit.appendingPathComponent(path).path) ?? Data())
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        data.append(try encoder.encode(configuration))
        return Digest.sha256.hash(data).hexString
    }
}
