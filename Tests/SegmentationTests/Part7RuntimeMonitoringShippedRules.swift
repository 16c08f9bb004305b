import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring: shipped rules")
struct Part7RuntimeMonitoringShippedRules {
    let engine: MonitoringRuleEngine

    init() throws {
        engine = try MonitoringRules.shippedEngine()
    }

    func rulesRaised(by event: RuntimeEvent) throws -> [String] {
        try engine.alerts(for: event).map(\.rule)
    }

    @Test("shell in a container is caught")
    func shellInContainer() throws {
        let shell = MonitoringEvents.exec("bash", ["-i"], parent: "runc", in: MonitoringEvents.web, at: 4)
        let alerts = try engine.alerts(for: shell)
        #expect(alerts.map(\.rule) == ["Shell in container"])
        #expect(alerts.first?.priority == .warning)
        #expect(
            alerts.first?.output
                == "Shell started in a container (user=root shell=bash parent=runc cmdline=bash -i container=web image=registry.example:5000/shop/web:1.4.2 pod=web-7d9f6c-x2k4p namespace=shop)"
        )
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("dash", in: MonitoringEvents.localBuild)) == [
                "Shell in container"
            ])
    }

    @Test("shells on the host and health checks are quiet")
    func shellsThatAreFine() throws {
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("bash", in: MonitoringEvents.web)) == ["Shell in container"],
            "the same shell in a container is an alert")
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("bash", ["-l"], parent: "sshd", in: nil)).isEmpty,
            "a shell on the host is not in a container")
        let healthCheck = MonitoringEvents.exec("sh", ["-c", "/healthz"], parent: "runc", in: MonitoringEvents.web)
        #expect(try rulesRaised(by: healthCheck).isEmpty, "the runtime's health check is a known exception")
        #expect(try rulesRaised(by: MonitoringEvents.exec("node", ["server.js"], in: MonitoringEvents.web)).isEmpty)
    }

    @Test("health check exception is exact")
    func healthCheckExceptionIsExact() throws {
        let healthCheck = MonitoringEvents.exec("sh", ["-c", "/healthz"], parent: "runc", in: MonitoringEvents.web)
        #expect(try rulesRaised(by: healthCheck).isEmpty, "the runtime's own health check stays quiet")
        let otherParent = MonitoringEvents.exec("sh", ["-c", "/healthz"], parent: "bash", in: MonitoringEvents.web)
        #expect(
            try rulesRaised(by: otherParent) == ["Shell in container"], "only the runtime may start the health check")
        let chained = MonitoringEvents.exec(
            "sh", ["-c", "/healthz; sh -i"], parent: "runc", in: MonitoringEvents.web)
        #expect(try rulesRaised(by: chained) == ["Shell in container"], "a command appended to /healthz is a shell")
    }

    @Test("write below /etc is caught")
    func writeBelowEtc() throws {
        let write = MonitoringEvents.open(
            "/etc/passwd", flags: ["O_WRONLY", "O_APPEND"], by: "sh", arguments: ["-c", "echo x >> /etc/passwd"],
            in: MonitoringEvents.web)
        let alerts = try engine.alerts(for: write)
        #expect(alerts.map(\.rule) == ["Write below etc"])
        #expect(alerts.first?.priority == .error)
        #expect(
            alerts.first?.output
                == "File below /etc opened for writing (user=root command=sh -c echo x >> /etc/passwd file=/etc/passwd container=web pod=web-7d9f6c-x2k4p namespace=shop)"
        )
        let readWrite = MonitoringEvents.open("/etc/shadow", flags: ["O_RDWR"], in: nil)
        #expect(try rulesRaised(by: readWrite) == ["Write below etc"], "O_RDWR is a write, on the host too")
        let hostAlert = try engine.alerts(for: readWrite).first?.output ?? ""
        #expect(hostAlert.hasSuffix("container=host pod=<NA> namespace=<NA>)"), "got \(hostAlert)")
    }

    @Test("reads and other paths are not writes below /etc")
    func quietFileAccess() throws {
        #expect(
            try rulesRaised(by: MonitoringEvents.open("/etc/passwd", flags: ["O_WRONLY"], in: MonitoringEvents.web))
                .count == 1)
        #expect(try rulesRaised(by: MonitoringEvents.open("/etc/passwd", flags: [], in: MonitoringEvents.web)).isEmpty)
        #expect(
            try rulesRaised(by: MonitoringEvents.open("/etc/hosts", flags: ["O_RDONLY"], in: MonitoringEvents.web))
                .isEmpty)
        #expect(try rulesRaised(by: MonitoringEvents.open("/etcd/member/wal", flags: ["O_WRONLY"], in: nil)).isEmpty)
        #expect(try rulesRaised(by: MonitoringEvents.open("/tmp/etc/x", flags: ["O_WRONLY"], in: nil)).isEmpty)
        let certificates = MonitoringEvents.open(
            "/etc/ssl/certs/ca-certificates.crt", flags: ["O_WRONLY", "O_TRUNC"], by: "update-ca-certificates", in: nil)
        #expect(try rulesRaised(by: certificates).isEmpty, "update-ca-certificates is a known writer below /etc")
    }

    @Test("package manager in a container is caught")
    func packageManager() throws {
        let install = MonitoringEvents.exec(
            "apt-get", ["install", "-y", "netcat-openbsd"], parent: "bash", in: MonitoringEvents.web)
        let alerts = try engine.alerts(for: install)
        #expect(alerts.map(\.rule) == ["Package manager in container"])
        #expect(alerts.first?.priority == .error)
        #expect(
            alerts.first?.output
                == "Package manager run in a container (user=root command=apt-get install -y netcat-openbsd container=web image=registry.example:5000/shop/web:1.4.2 pod=web-7d9f6c-x2k4p namespace=shop)"
        )
        for name in ["yum", "rpm", "pip3", "apk"] {
            #expect(
                try rulesRaised(by: MonitoringEvents.exec(name, in: MonitoringEvents.web)) == [
                    "Package manager in container"
                ], "\(name) is a package manager")
        }
    }

    @Test("build containers and the host may install packages")
    func packageManagerExceptions() throws {
        #expect(try rulesRaised(by: MonitoringEvents.exec("apt-get", ["update"], in: MonitoringEvents.web)).count == 1)
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("apt-get", ["update"], in: MonitoringEvents.builder)).isEmpty,
            "the ci namespace builds images")
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("apt-get", ["update"], in: MonitoringEvents.localBuild)).isEmpty,
            "build-* containers build images")
        #expect(
            try rulesRaised(by: MonitoringEvents.exec("apt-get", ["upgrade"], in: nil)).isEmpty,
            "the host is not a container")
    }

    @Test("contact with the cloud metadata address is caught")
    func metadataAddress() throws {
        let fetch = MonitoringEvents.connect(
            to: "169.254.169.254", port: 80, arguments: ["-s", "http://169.254.169.254/"], in: MonitoringEvents.web)
        let alerts = try engine.alerts(for: fetch)
        #expect(alerts.map(\.rule) == ["Contact cloud metadata address"])
        #expect(alerts.first?.priority == .critical)
        #expect(
            alerts.first?.output
                == "Container contacted the cloud metadata address (command=curl -s http://169.254.169.254/ connection=10.244.1.17:41822->169.254.169.254:80 container=web pod=web-7d9f6c-x2k4p namespace=shop)"
        )
    }

    @Test("other connections and the node manager are quiet")
    func quietConnections() throws {
        #expect(
            try rulesRaised(by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: MonitoringEvents.web))
                .count == 1)
        #expect(
            try rulesRaised(by: MonitoringEvents.connect(to: "10.96.12.40", port: 5432, in: MonitoringEvents.web))
                .isEmpty)
        #expect(
            try rulesRaised(by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: nil)).isEmpty,
            "node agents on the host use the metadata service")
        #expect(
            try rulesRaised(
                by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: MonitoringEvents.nodeManager)
            ).isEmpty, "the cloud node manager is a known exception")
    }

    @Test("node manager exception needs namespace and name")
    func nodeManagerExceptionIsNarrow() throws {
        let impostor = RuntimeEventContainer(
            id: "0badc0de0001", name: "cloud-node-manager", image: "registry.example:5000/shop/tools:1.0",
            podName: "cloud-node-manager-x", namespaceName: "shop")
        #expect(
            try rulesRaised(by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: impostor)) == [
                "Contact cloud metadata address"
            ], "a cloud-node-manager-* pod outside kube-system is not the node manager")
        let otherSystemPod = RuntimeEventContainer(
            id: "0badc0de0002", name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.1",
            podName: "coredns-5d78c9869d-7xq2p", namespaceName: "kube-system")
        #expect(
            try rulesRaised(by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: otherSystemPod)) == [
                "Contact cloud metadata address"
            ], "other kube-system pods are not the node manager")
        #expect(
            try rulesRaised(
                by: MonitoringEvents.connect(to: "169.254.169.254", port: 80, in: MonitoringEvents.nodeManager)
            ).isEmpty, "the node manager in kube-system stays quiet")
    }

    @Test("captured stream replays into the expected alerts")
    func replayCapture() throws {
        let events = try RuntimeEventDecoder().decode(jsonLines: MonitoringCapture.jsonLines)
        #expect(events.count == 9, "the capture has nine events")
        let alerts = try MonitoringRuleEngine(ruleSet: try MonitoringRules.shipped()).alerts(for: events)
        #expect(
            alerts.map(\.rule) == [
                "Contact cloud metadata address", "Shell in container", "Package manager in container",
                "Write below etc",
            ])
        #expect(
            alerts.first?.description
                == "2027-03-01T10:15:02.250Z: Critical Container contacted the cloud metadata address (command=node server.js connection=10.244.1.17:41822->169.254.169.254:80 container=web pod=web-7d9f6c-x2k4p namespace=shop)"
        )
        let warnings = try MonitoringRuleEngine(ruleSet: try MonitoringRules.shipped(), minimumPriority: .error).alerts(
            for: events)
        #expect(
            warnings.map(\.rule) == [
                "Contact cloud metadata address", "Package manager in container", "Write below etc",
            ], "minimum ERROR drops the WARNING shell alert")
    }
}
