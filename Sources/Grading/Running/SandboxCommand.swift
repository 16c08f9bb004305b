import Foundation

/// The confinement of the test process, beyond its own process group and limits.
public enum Confinement: String, Sendable, Codable {
    /// The test process runs as the grader's user, with the grader's network and files.
    ///
    /// NOTE: student code can then read the event stream, so it can forge a whole run with
    /// the ids it finds there, and it can signal the grader itself.
    case processGroup = "process group"
    /// The test process runs under bubblewrap as the unprivileged user `nobody`, with no
    /// network but loopback, a read-only view of the system and the sandbox alone, and a
    /// private `/tmp`.
    case bubblewrap = "bubblewrap, user nobody, no network, read-only file system"

    /// The strongest confinement this machine offers: bubblewrap when the grader runs as
    /// root on Linux and `bwrap`, `setpriv` and `prlimit` are installed, else the process
    /// group alone.
    public static var strongestAvailable: Confinement {
        #if os(Linux)
            let programs = ["bwrap", "setpriv", "prlimit"]
            guard getuid() == 0, programs.allSatisfy({ SandboxCommand.find($0) != nil }) else {
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
    /// The test process can read the system folders, the Swift toolchain, and the package
    /// and its build folder with the `hiddenFolders` of `limits` empty. It can write only to
    /// a fresh `/tmp` of `temporaryBytes` and to `writable`, where the event stream goes.
    /// Nothing else of the grader's machine is mounted: not the kit's `Solutions/`, the
    /// gradebook, other submissions or other sandboxes. The network namespace has only
    /// loopback, so tests can still serve on 127.0.0.1.
    static func bubblewrap(
        bundle: URL, package: URL, scratch: URL, writable: URL, limits: RunLimits, testArguments: [String]
    ) -> [String] {
        let systemFolders = systemFolders()
        let system = systemFolders.flatMap { ["--ro-bind", $0, $0] }
        let mounts = [
            "--ro-bind", package.path, package.path, "--ro-bind", scratch.path, scratch.path,
            "--bind", writable.path, writable.path,
        ]
        let hidden = limits.hiddenFolders
            .map { package.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
            .flatMap { ["--perms", "0755", "--tmpfs", $0] }
        let namespaces = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session"]
        let user = [
            "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--no-new-privs",
            // Set after the switch to the user nobody, because the limit counts that user's
            // processes on the whole machine.
            "prlimit", "--nproc=\(limits.processes)",
            "env", "HOME=/tmp", "TMPDIR=/tmp",
        ]
        // Folders above the mount points come first, and those inside /tmp after its tmpfs.
        let folders = traversableFolders(
            leadingTo: systemFolders + [package.path, scratch.path, writable.path], mounted: systemFolders + ["/tmp"])
        let inTemporary = folders.filter { $0.hasPrefix("/tmp/") }
        let elsewhere = folders.filter { !$0.hasPrefix("/tmp/") }
        let temporary = ["--perms", "1777", "--size", String(limits.temporaryBytes), "--tmpfs", "/tmp"]
        return ["bwrap"] + directories(elsewhere) + system + ["--dev", "/dev", "--proc", "/proc"] + temporary
            + directories(inTemporary) + mounts + hidden + namespaces + ["--chdir", package.path, "--"]
            + user + [bundle.path, "--testing-library", "swift-testing"] + testArguments
    }

    /// Returns the arguments that create `folders`, readable by everyone.
    static func directories(_ folders: [String]) -> [String] {
        folders.flatMap { ["--perms", "0755", "--dir", $0] }
    }

    /// Returns the folders of the operating system and the Swift toolchain that a test
    /// bundle needs at run time, those that exist on this machine.
    static func systemFolders() -> [String] {
        var folders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys"]
        // The bundle loads the Swift runtime and Swift Testing from the toolchain, which
        // may live outside /usr, such as in /opt/swift/usr.
        if let swift = find("swift") {
            let toolchain = URL(fileURLWithPath: swift).resolvingSymlinksInPath()
                .deletingLastPathComponent().deletingLastPathComponent().path
            if !folders.contains(where: { toolchain == $0 || toolchain.hasPrefix($0 + "/") }) {
                folders.append(toolchain)
            }
        }
        return folders.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Returns the folders between `/` and each path that are not inside one of the
    /// `mounted` folders, parents first.
    ///
    /// The new root and the private `/tmp` start empty, and bubblewrap would create the
    /// folders above a mount point readable by root alone, so `nobody` could not reach the
    /// mounted package or toolchain.
    static func traversableFolders(leadingTo paths: [String], mounted: [String]) -> [String] {
        var folders: [String] = []
        for path in paths {
            var current = ""
            for component in path.split(separator: "/").dropLast() {
                current += "/" + component
                let isMounted = mounted.contains { current == $0 || current.hasPrefix($0 + "/") }
                let isInsideTemporary = current.hasPrefix("/tmp/")
                if !isMounted || isInsideTemporary, !folders.contains(current) {
                    folders.append(current)
                }
            }
        }
        return folders
    }

    /// Returns the path of an executable on `PATH`, if there is one.
    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { access($0, X_OK) == 0 }
    }
}
