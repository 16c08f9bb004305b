import Foundation
import Testing

@Suite(
    "labkit gradebook and lab arguments",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
struct GradebookArgumentTests {
    @Test(
        "reading commands reject a missing gradebook",
        arguments: [
            ["report"],
            ["export", "--format", "canvas"],
            ["feedback"],
        ])
    func missingGradebook(command: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gradbook.sqlite").path

        let output = try await LabKitProcess.run(command + ["--db", database])

        #expect(output.status == 3, "a missing file the command needs exits with 3")
        #expect(
            output.standardError
                == "labkit: no gradebook at \(database); check the --db path, or run labkit grade --db \(database) first\n"
        )
        #expect(output.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: database), "the mistyped path must not become a gradebook")
    }

    @Test(
        "unknown lab is a usage error",
        arguments: [
            (
                ["report", "--lab", "nosuch"],
                "labkit report [--lab LAB ...] [--format table|csv|html|json] [--db FILE] [--output FILE]"
            ),
            (["feedback", "--lab", "nosuch"], "labkit feedback [--lab LAB ...] [--db FILE] [--to DIR]"),
            (["solutions", "nosuch"], "labkit solutions LAB [--to DIR] [--before-deadline]"),
            (
                ["adjust", "s1", "nosuch", "1", "--reason", "typo"],
                "labkit adjust STUDENT LAB POINTS --reason TEXT [--db FILE] [--ungraded]"
            ),
        ])
    func unknownLab(arguments: [String], usage: String) async throws {
        let output = try await LabKitProcess.run(arguments)

        #expect(output.status == 2, "a usage error exits with 2")
        #expect(output.standardError.hasPrefix("labkit: no lab named nosuch; the labs are: gateway, jwt,"))
        #expect(output.standardError.hasSuffix("\nUsage: \(usage)\n"), "a usage error shows the command's usage")
    }
}

@Suite(
    "labkit adjust validation",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
struct AdjustValidationTests {
    @Test("adjust rejects an ungraded student")
    func ungradedStudent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gradebook.sqlite").path
        let first = try await LabKitProcess.run([
            "adjust", "s1", "gateway", "1", "--reason", "before grading", "--db", database, "--ungraded",
        ])
        #expect(first.status == 0, "\(first.standardError)")

        let typo = try await LabKitProcess.run([
            "adjust", "s1", "gateway", "2", "--reason", "regrade", "--db", database,
        ])

        #expect(typo.status == 2, "a usage error exits with 2")
        #expect(
            typo.standardError.hasPrefix(
                "labkit: s1 has no grading in gateway, so the adjustment would count in no total or export; "
                    + "check the student id, or pass --ungraded to record it for a later grading\n"))
        #expect(typo.standardOutput.isEmpty, "nothing is recorded")
    }

    @Test("adjust without gradebook names the path")
    func missingGradebook() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gradbook.sqlite").path

        let output = try await LabKitProcess.run([
            "adjust", "s1", "gateway", "2", "--reason", "regrade", "--db", database,
        ])

        #expect(output.status == 3, "a missing file the command needs exits with 3")
        #expect(output.standardError.hasPrefix("labkit: no gradebook at \(database);"))
        #expect(!FileManager.default.fileExists(atPath: database), "the mistyped path must not become a gradebook")
    }

    @Test("adjust rejects points beyond the lab", arguments: ["1e3", "-100.5"])
    func pointsOutOfRange(points: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gradebook.sqlite").path

        let output = try await LabKitProcess.run([
            "adjust", "s1", "gateway", points, "--reason", "typo", "--db", database, "--ungraded",
        ])

        #expect(output.status == 2, "a usage error exits with 2")
        #expect(output.standardError.hasPrefix("labkit: POINTS must be from -100 to 100, the points of gateway, not "))
        #expect(!FileManager.default.fileExists(atPath: database), "nothing is recorded")
    }
}

@Test(
    "merge rejects the target as a source",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
func mergeIntoItself() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("gradebook.sqlite").path
    let created = try await LabKitProcess.run([
        "adjust", "s1", "gateway", "1", "--reason", "before grading", "--db", database, "--ungraded",
    ])
    #expect(created.status == 0, "\(created.standardError)")

    let output = try await LabKitProcess.run(["merge", folder.path + "/./gradebook.sqlite", "--db", database])

    #expect(output.status == 2, "a usage error exits with 2")
    #expect(
        output.standardError.hasPrefix(
            "labkit: \(folder.path)/./gradebook.sqlite is the gradebook being merged into; "
                + "name it with --db and merge the other files into it\n"))
}

@Test(
    "merge explains zero gradings",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
func mergeWithoutGradings() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-cli-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("shard-1.sqlite").path
    let target = folder.appendingPathComponent("gradebook.sqlite").path
    let created = try await LabKitProcess.run([
        "adjust", "s1", "gateway", "1", "--reason", "before grading", "--db", source, "--ungraded",
    ])
    #expect(created.status == 0, "\(created.standardError)")

    let output = try await LabKitProcess.run(["merge", source, "--db", target])

    #expect(output.status == 0, "\(output.standardError)")
    #expect(
        output.standardOutput.hasPrefix(
            "Merged 0 gradings from \(source) (it has none, or its runs were merged before)\n"))
}
