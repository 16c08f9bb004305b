// swift-tools-version: 6.0
import Foundation
import PackageDescription

// MARK: - Scaffold or solution

/// Whether lab targets build from `Solutions/` (the reference solutions) or `Labs/`.
///
/// `Labs/` holds the scaffolds students edit. Set `LABKIT_SOLUTIONS=1` to choose solutions.
let useSolutions = Context.environment["LABKIT_SOLUTIONS"] == "1"

let solutionsDirectory = URL(fileURLWithPath: Context.packageDirectory)
    .appendingPathComponent("Solutions")
if useSolutions && !FileManager.default.fileExists(atPath: solutionsDirectory.path) {
    // A plain message and exit, rather than fatalError, so that SwiftPM shows one clear
    // line instead of a crash report.
    let message = """
        error: LABKIT_SOLUTIONS=1 is set, but this copy of the kit has no Solutions/ folder \
        (the student edition ships without reference solutions). Unset LABKIT_SOLUTIONS \
        to build your own code from Labs/.

        """
    FileHandle.standardError.write(Data(message.utf8))
    exit(1)
}

/// A lab of the course: its folder under `Labs/` and `Solutions/`, and its module name.
struct Lab {
    let folder: String
    let module: String

    var sourcePath: String {
        "\(useSolutions ? "Solutions" : "Labs")/\(folder)/Sources"
    }
}

/// The labs in teaching order.
///
/// A new lab is one line here, one folder under `Labs/`
/// and `Solutions/`, one test folder, and one entry in `grading/course.yaml`.
let labs: [Lab] = [
    Lab(folder: "01-gateway", module: "Gateway"),
    Lab(folder: "02-jwt", module: "JWTLifecycle"),
    Lab(folder: "03-certificates", module: "CertificateTrust"),
    Lab(folder: "04-segmentation", module: "Segmentation"),
]

// MARK: - Settings

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// MARK: - Targets

let systemLibraries: [Target] = [
    .systemLibrary(
        name: "CSQLite",
        pkgConfig: "sqlite3",
        providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
    ),
    .systemLibrary(
        name: "COpenSSL",
        pkgConfig: "openssl",
        providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
    ),
    .systemLibrary(
        name: "CYAML",
        pkgConfig: "yaml-0.1",
        providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
]

let kitTargets: [Target] = [
    .target(
        name: "LabKit",
        dependencies: ["CSQLite", "COpenSSL", "CYAML"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "Grading",
        dependencies: ["LabKit"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "LabKitCLI",
        dependencies: ["LabKit", "Grading"] + labs.map { .target(name: $0.module) },
        // The tool reports which edition it was built with, whatever the environment is now.
        swiftSettings: swiftSettings + (useSolutions ? [.define("LABKIT_SOLUTIONS")] : [])
    ),
    .testTarget(
        name: "LabKitTests",
        dependencies: ["LabKit"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "GradingTests",
        dependencies: ["Grading"],
        swiftSettings: swiftSettings
    ),
    // The command-line tests run the built `labkit` executable rather than linking it, so
    // that the test bundle does not depend on every lab module: the grader rebuilds only
    // the student's module and the tests, never the tool. LabKit they link for
    // `onOwnThread`.
    .testTarget(
        name: "LabKitCLITests",
        dependencies: ["LabKit"],
        swiftSettings: swiftSettings
    ),
]

let labTargets: [Target] = labs.flatMap { lab -> [Target] in
    [
        .target(
            name: lab.module,
            dependencies: ["LabKit"],
            path: lab.sourcePath,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(lab.module)Tests",
            dependencies: [.target(name: lab.module), "LabKit"],
            swiftSettings: swiftSettings
        ),
    ]
}

let package = Package(
    name: "SecureSystemsLabs",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "labkit", targets: ["LabKitCLI"]),
        .library(name: "LabKit", targets: ["LabKit"]),
    ],
    targets: systemLibraries + kitTargets + labTargets,
    swiftLanguageModes: [.v6]
)
