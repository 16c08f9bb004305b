import Foundation
import Segmentation

/// Runtime events of a small shop cluster, for the Part 7 tests.
enum MonitoringEvents {
    /// 2027-03-01T10:15:00Z, the time of the first event.
    static let start = Date(timeIntervalSince1970: 1_803_896_100)

    static let web = RuntimeEventContainer(
        id: "3f2a9c1b7e44", name: "web", image: "registry.example:5000/shop/web:1.4.2", podName: "web-7d9f6c-x2k4p",
        namespaceName: "shop")
    static let builder = RuntimeEventContainer(
        id: "a81c0d5e9b10", name: "kaniko", image: "gcr.io/kaniko-project/executor:v1.23.0",
        podName: "image-build-5xq2z", namespaceName: "ci")
    static let localBuild = RuntimeEventContainer(id: "77d0e4b3c2a1", name: "build-api", image: "debian:bookworm")
    static let nodeManager = RuntimeEventContainer(
        id: "c0ffee123456", name: "cloud-node-manager", image: "mcr.microsoft.com/oss/kubernetes/azure-cnm:v1.30",
        podName: "cloud-node-manager-8k2vd", namespaceName: "kube-system")

    /// The time `seconds` after ``start``.
    static func time(_ seconds: Double) -> Date {
        start.addingTimeInterval(seconds)
    }

    /// A process start (`execve`) of `name` with `arguments`.
    static func exec(
        _ name: String, _ arguments: [String] = [], parent: String = "containerd-shim",
        in container: RuntimeEventContainer?,
        user: String = "root", at seconds: Double = 0
    ) -> RuntimeEvent {
        RuntimeEvent(
            time: time(seconds), type: .execve,
            process: RuntimeEventProcess(
                name: name, executable: "/usr/bin/\(name)", arguments: arguments, pid: 4211, parentName: parent,
                parentPID: 4200, userName: user, userID: user == "root" ? 0 : 1000),
            container: container)
    }

    /// A file open (`openat`) of `path` with `flags` by `process`.
    static func open(
        _ path: String, flags: [String], by process: String = "vi", arguments: [String] = [],
        in container: RuntimeEventContainer?, at seconds: Double = 0
    ) -> RuntimeEvent {
        RuntimeEvent(
            time: time(seconds), type: .openat,
            process: RuntimeEventProcess(
                name: process, executable: "/usr/bin/\(process)", arguments: arguments, pid: 4321, parentName: "bash",
                parentPID: 4211),
            file: RuntimeEventFile(path: path, flags: flags), container: container)
    }

    /// An outbound TCP connection (`connect`) from `process` to `address` and `port`.
    static func connect(
        to address: String, port: Int64, by process: String = "curl", arguments: [String] = [],
        in container: RuntimeEventContainer?, at seconds: Double = 0
    ) -> RuntimeEvent {
        RuntimeEvent(
            time: time(seconds), type: .connect,
            process: RuntimeEventProcess(
                name: process, executable: "/usr/bin/\(process)", arguments: arguments, pid: 4400, parentName: "bash",
                parentPID: 4211, userName: "www-data", userID: 33),
            connection: RuntimeEventConnection(
                clientIP: "10.244.1.17", clientPort: 41822, serverIP: address, serverPort: port),
            container: container)
    }
}
