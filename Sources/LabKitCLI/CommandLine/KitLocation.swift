import Foundation

/// Finds the kit's package folder: the nearest folder, from the current one upwards,
/// whose `Package.swift` declares the labs.
enum KitLocation {
    static func packageDirectory(startingAt start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        throws -> URL
    {
        var directory = start.standardizedFileURL
        while true {
            let manifest = directory.appendingPathComponent("Package.swift")
            if let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("LABKIT_SOLUTIONS") {
                return directory
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw UsageError(
                    "no Secure Systems Labs package found in \(start.path) or above it; run labkit from the kit's folder"
                )
            }
            directory = parent
        }
    }
}
