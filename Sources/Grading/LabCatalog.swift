public import Foundation

/// A lab of the course as the package declares it.
public struct LabDescriptor: Sendable, Hashable {
    /// The lab's id, such as `gateway`: its folder name without the number.
    public var id: String
    /// The folder under `Labs/` and `Solutions/`, such as `01-gateway`.
    public var folder: String
    /// The Swift module students write, such as `Gateway`.
    public var module: String
    /// The test target holding the lab's graded suites, such as `GatewayTests`.
    public var testTarget: String { "\(module)Tests" }

    public init(id: String, folder: String, module: String) {
        self.id = id
        self.folder = folder
        self.module = module
    }
}

/// Reads the labs from the package description, so that a lab added to `Package.swift`
/// is found without any change to the grader.
public enum LabCatalog {
    /// Lists the labs of the package at `packageDirectory`, in teaching order.
    /// - Throws: ``GradingError`` with `.invalidPackage` when `swift package dump-package` fails.
    public static func labs(in packageDirectory: URL) throws -> [LabDescriptor] {
        try labs(fromPackageDump: try dumpPackage(packageDirectory))
    }

    /// Returns the test bundle product SwiftPM makes for the package, `<name>PackageTests`.
    public static func testProduct(in packageDirectory: URL) throws -> String {
        struct Dump: Decodable {
            var name: String
        }
        return try JSONDecoder().decode(Dump.self, from: try dumpPackage(packageDirectory)).name + "PackageTests"
    }

    /// Returns the package description as JSON, from `swift package dump-package`.
    static func dumpPackage(_ packageDirectory: URL) throws -> Data {
        // A scratch path of its own keeps this from waiting on the lock of a build or test
        // that is using the package's main .build folder, such as the `swift test` running us.
        let scratch = packageDirectory.appendingPathComponent(".build/labkit-manifest")
        let output = try ChildProcess.run(
            ["swift", "package", "--scratch-path", scratch.path, "dump-package"],
            in: packageDirectory,
            environment: ChildProcess.environment(solutions: false),
            timeout: .seconds(300)
        )
        guard output.succeeded else {
            throw GradingError(.invalidPackage, "swift package dump-package failed:\n\(output.standardError)")
        }
        return Data(output.standardOutput.utf8)
    }

    /// Finds the targets whose path is `Labs/NN-id/Sources` and that have a test target.
    static func labs(fromPackageDump json: Data) throws -> [LabDescriptor] {
        struct Dump: Decodable {
            struct Target: Decodable {
                var name: String
                var path: String?
            }
            var targets: [Target]
        }
        let dump = try JSONDecoder().decode(Dump.self, from: json)
        let names = Set(dump.targets.map(\.name))
        let labs = dump.targets.compactMap { target -> LabDescriptor? in
            guard let path = target.path else { return nil }
            let components = path.split(separator: "/")
            guard components.count == 3, components[0] == "Labs", components[2] == "Sources" else { return nil }
            let folder = String(components[1])
            guard let dash = folder.firstIndex(of: "-") else { return nil }
            let lab = LabDescriptor(
                id: String(folder[folder.index(after: dash)...]), folder: folder, module: target.name)
            return names.contains(lab.testTarget) ? lab : nil
        }
        return labs.sorted { $0.folder < $1.folder }
    }

    /// Returns the lab with this id or module name.
    /// - Throws: ``GradingError`` with `.unknownLab`, listing the known ids.
    public static func lab(named name: String, in labs: [LabDescriptor]) throws -> LabDescriptor {
        let lowered = name.lowercased()
        if let lab = labs.first(where: { $0.id == lowered || $0.module.lowercased() == lowered || $0.folder == lowered }
        ) {
            return lab
        }
        let known = labs.map(\.id).joined(separator: ", ")
        throw GradingError(.unknownLab, "no lab named \(name); the labs are: \(known)")
    }
}
