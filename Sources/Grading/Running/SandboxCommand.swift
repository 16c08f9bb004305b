import Foundation

/// The confinement of the test process, beyond its own process group and limits.
public enum Confinement: String, Sendable, Codable {
    /// The test process runs as the grader's user, with the grader's network and files.
    case processGroup = "process group"
    /// The test process runs under bubblewrap as the unprivileged user `nobody`, with no
    /// network but loopback, a read-only file system, and a private `/tmp`.
    case bubblewrap = "bubblewrap, user nobody, no network, read-only file system"

    /// The strongest confinement this machine offers: bubblewrap when the grader runs as
    /// root on Linux and `bwrap` and `setpriv` are installed, else the process group alone.
    public static var strongestAvailable: Confinement {
        #if os(Linux)
            guard getuid() == 0, SandboxCommand.find("bwrap") != nil, SandboxCommand.find("setpriv") != nil else {
                return .processGroup
            }
            return .bubblewrap
        #else
            return .processGroup
        #endif
    }
}

/// Builds the command line that runs a test bundle under a confinement.
enum SandboxCommand {
    /// Returns the test bundle SwiftPM builds on Linux, such as `.build/debug/KitPackageTests.xctest`.
    static func testBundle(in scratchPath: URL) -> URL? {
        let debug = scratchPath.appendingPathComponent("debug")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: debug.path)) ?? []
        let bundles = names.filter { $0.hasSuffix("PackageTests.xctest") }
        guard bundles.count == 1, let name = bundles.first else { return nil }
        return debug.appendingPathComponent(name)
    }

    /// Returns the arguments that run `bundle` under bubblewrap as `nobody`.
    ///
    /// The whole file system is mounted read-only, `/tmp` is a fresh writable tmpfs, and
    /// only `writable` (where the event stream goes) can be written outside it. The
    /// network namespace has only loopback, so tests can still serve on 127.0.0.1.
    static func bubblewrap(
        bundle: URL, package: URL, scratch: URL, writable: URL, testArguments: [String]
    ) -> [String] {
        let mounts = [
            "--ro-bind", package.path, package.path, "--ro-bind", scratch.path, scratch.path,
            "--bind", writable.path, writable.path,
        ]
        let namespaces = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session"]
        let user = [
            "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--no-new-privs",
            "env", "HOME=/tmp", "TMPDIR=/tmp",
        ]
        return [
            "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp",
        ]
            + traversableFolders(leadingTo: [package.path, scratch.path, writable.path], under: "/tmp")
            + mounts + namespaces + ["--chdir", package.path, "--"]
            + user + [bundle.path, "--testing-library", "swift-testing"] + testArguments
    }

    /// Arguments that create, readable by everyone, the folders between `root` and each
    /// path below it.
    ///
    /// The private `/tmp` hides the real folders above a mount point under `/tmp`, and
    /// bubblewrap would create them readable by root alone, so `nobody` could not reach
    /// the mounted package.
    static func traversableFolders(leadingTo paths: [String], under root: String) -> [String] {
        var folders: [String] = []
        for path in paths where path.hasPrefix(root + "/") {
            var current = root
            for component in path.dropFirst(root.count + 1).split(separator: "/").dropLast() {
                current += "/" + component
                if !folders.contains(current) { folders.append(current) }
            }
        }
        return folders.flatMap { ["--perms", "0755", "--dir", $0] }
    }

    /// Returns the path of an executable on `PATH`, if there is one.
    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { access($0, X_OK) == 0 }
    }
}
