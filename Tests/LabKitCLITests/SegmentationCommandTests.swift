import Foundation
import Testing

/// Inputs that `labkit segmentation matrix` must reject before it reaches the lab's own code, so
/// these hold for the scaffold and the reference solution alike.
@Suite(
    "labkit segmentation matrix input",
    .enabled(if: FileManager.default.isExecutableFile(atPath: LabKitProcess.executable.path)))
struct SegmentationCommandTests {
    /// Creates an empty folder for one test's manifest files.
    func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-segmentation-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("files without objects fail")
    func noObjects() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("empty.yaml"))
        try Data("---\n---\n".utf8).write(to: folder.appendingPathComponent("separators.yaml"))

        let output = try await LabKitProcess.run(
            ["segmentation", "matrix", "empty.yaml", "separators.yaml"], in: folder)
        #expect(output.status == 3, "a file with no objects is an input error, not an empty matrix")
        #expect(
            output.standardError
                == "labkit: no objects found in empty.yaml, separators.yaml; each file needs at least one Kubernetes object\n"
        )
        #expect(output.standardOutput.isEmpty, "no table is printed")
    }

    @Test("manifests without pods fail")
    func noPods() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
        try Data(namespace.utf8).write(to: folder.appendingPathComponent("namespace.yaml"))

        let output = try await LabKitProcess.run(["segmentation", "matrix", "namespace.yaml"], in: folder)
        #expect(output.status == 3)
        #expect(
            output.standardError
                == "labkit: the manifests declare no pods, so the matrix has no rows; add a Pod or a Deployment\n")
    }

    @Test("directory argument is named")
    func directoryArgument() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("manifests"), withIntermediateDirectories: true)

        let output = try await LabKitProcess.run(["segmentation", "matrix", "manifests"], in: folder)
        #expect(output.status == 3)
        #expect(
            output.standardError.contains("manifests: is a directory; name the manifest files in it"),
            "got \(output.standardError)")

        let missing = try await LabKitProcess.run(["segmentation", "matrix", "nosuch.yaml"], in: folder)
        #expect(missing.status == 3)
        #expect(
            missing.standardError.contains("nosuch.yaml: no such file; check the path"), "got \(missing.standardError)")
    }

    @Test("misspelt labels key is named")
    func misspeltLabels() async throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              label:
                app: web
            spec:
              containers:
                - name: app
            """
        try Data(pod.utf8).write(to: folder.appendingPathComponent("pod.yaml"))

        let output = try await LabKitProcess.run(["segmentation", "matrix", "pod.yaml"], in: folder)
        #expect(output.status == 3, "a pod whose labels are misspelt must not load without labels")
        #expect(
            output.standardError
                == "labkit: pod.yaml: Pod \"web\": unknown key \"label\" in metadata at line 5, column 3; did you mean \"labels\"?\n"
        )
    }
}
