// swift-tools-version: 6.0
// A submission's own manifest, which tries to replace the kit's: it drops every test
// folder except the student's edited one and turns off warnings as errors. The grader
// builds with the kit's own Package.swift, so this file never takes effect.
import PackageDescription

let package = Package(
    name: "SecureSystemsLabs",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "LabKit", targets: ["LabKit"])
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1"),
        .target(name: "LabKit", dependencies: ["CSQLite", "COpenSSL", "CYAML"]),
        .target(name: "Gateway", dependencies: ["LabKit"], path: "Labs/01-gateway/Sources"),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["Gateway", "LabKit"],
            path: "Tests/GatewayTests",
            sources: ["Part1Routes.swift", "ExtraCredit.swift"],
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
