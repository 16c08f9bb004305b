import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring: evaluation")
struct Part7RuntimeMonitoringEvaluation {
    /// `vi /etc/shadow` opening the file for writing in the web container, pid 4321.
    let write = MonitoringEvents.open(
        "/etc/shadow", flags: ["O_WRONLY", "O_TRUNC"], by: "vi", arguments: ["/etc/shadow"], in: MonitoringEvents.web)
    /// `curl` in the web container connecting to the metadata address.
    let connect = MonitoringEvents.connect(
        to: "169.254.169.254", port: 80, arguments: ["-s", "http://169.254.169.254/latest/meta-data/"],
        in: MonitoringEvents.web)
    /// `bash` started on the host, outside any container.
    let hostShell = MonitoringEvents.exec("bash", ["-l"], parent: "sshd", in: nil)

    func evaluate(_ condition: String, on event: RuntimeEvent) throws -> Bool {
        try MonitoringRules.parse(condition).evaluate(on: event)
    }

    @Test(
        "each operator compares as Falco does",
        arguments: [
            ("proc.name = vi", true), ("proc.name = vim", false),
            ("proc.name != vim", true), ("proc.name != vi", false),
            ("proc.pid < 4322", true), ("proc.pid < 4321", false),
            ("proc.pid <= 4321", true), ("proc.pid <= 4320", false),
            ("proc.pid > 4320", true), ("proc.pid > 4321", false),
            ("proc.pid >= 4321", true), ("proc.pid >= 4322", false),
            ("proc.pid = 0x10E1", true), ("proc.pid = 0x10E2", false),
            ("fd.name contains shad", true), ("fd.name contains SHAD", false),
            ("fd.name icontains SHAD", true), ("fd.name icontains passwd", false),
            ("fd.name startswith /etc/", true), ("fd.name startswith /etc/pass", false),
            ("fd.name endswith /shadow", true), ("fd.name endswith shadow-", false),
            ("proc.name in (nano, vi)", true), ("proc.name in (nano, vim)", false),
            ("fd.name pmatch (/usr, /etc)", true), ("fd.name pmatch (/usr, /etc/ssh)", false),
            ("fd.name pmatch (/etc/shadow)", true), ("fd.name pmatch (/et)", false),
            ("evt.is_open_write = true", true), ("evt.is_open_read = true", false),
            ("k8s.ns.name exists", true), ("fd.sip exists", false),
            ("proc.cmdline = 'vi /etc/shadow'", true), ("proc.args = '/etc/shadow'", true),
            ("fd.directory = /etc", true), ("fd.filename = shadow", true),
            ("container.image.repository = registry.example:5000/shop/web", true),
        ]
    )
    func operators(condition: String, expected: Bool) throws {
        let result = try evaluate(condition, on: write)
        #expect(result == expected, "`\(condition)` on vi opening /etc/shadow for writing must be \(expected)")
    }

    @Test("connection fields of a connect event")
    func connectionFields() throws {
        #expect(try evaluate("fd.sip = 169.254.169.254 and fd.sport = 80 and fd.l4proto = tcp", on: connect))
        #expect(try evaluate("fd.cip = 10.244.1.17 and fd.cport > 1024", on: connect))
        #expect(
            try evaluate("fd.name = '10.244.1.17:41822->169.254.169.254:80'", on: connect),
            "fd.name of a connection is client:port->server:port, as in Falco")
        #expect(try evaluate("fd.filename exists", on: connect) == false, "a connection has no file name")
    }

    @Test("a missing field fails every check but not")
    func missingFields() throws {
        let start = MonitoringEvents.exec("bash", in: MonitoringEvents.web)
        #expect(try evaluate("proc.name = bash", on: start), "the process start itself must match proc.name = bash")
        #expect(try evaluate("fd.name = /etc/passwd", on: start) == false, "a process start has no fd.name")
        #expect(
            try evaluate("fd.name != /etc/passwd", on: start) == false,
            "a check on a field the event lacks is false, != included, as in Falco")
        #expect(try evaluate("not fd.name = /etc/passwd", on: start), "not of a false check is true")
        #expect(try evaluate("fd.sport < 1024", on: start) == false, "a process start has no fd.sport")
        #expect(try evaluate("evt.is_open_write = false", on: start) == false, "only open events have the open flags")
        #expect(try evaluate("fd.name exists or proc.name exists", on: start), "proc.name exists on every event")
    }

    @Test("host processes have container id host")
    func hostContainer() throws {
        #expect(try evaluate("container.id = host and container.name = host", on: hostShell))
        #expect(try evaluate("container.id != host", on: hostShell) == false, "the shell runs on the host")
        #expect(try evaluate("k8s.pod.name exists or container.image exists", on: hostShell) == false)
        #expect(try evaluate("container.id = 3f2a9c1b7e44", on: write), "the web container's id")
    }

    @Test("and, or and not combine results")
    func booleanOperators() throws {
        #expect(try evaluate("proc.name = vi and fd.name = /etc/shadow", on: write))
        #expect(try evaluate("proc.name = vi and fd.name = /etc/passwd", on: write) == false)
        #expect(try evaluate("proc.name = nano or fd.name = /etc/shadow", on: write))
        #expect(try evaluate("proc.name = nano or fd.name = /etc/passwd", on: write) == false)
        #expect(try evaluate("not (proc.name = nano or fd.name = /etc/passwd)", on: write))
        #expect(
            try evaluate("proc.name = nano and fd.name = /etc/passwd or user.name = root", on: write),
            "`a and b or c` is `(a and b) or c`, true because c is")
        #expect(
            try evaluate("proc.name = nano and (fd.name = /etc/passwd or user.name = root)", on: write) == false,
            "with parentheses the and comes last, and a is false")
    }

    @Test("unexpanded macro cannot be evaluated")
    func unexpandedMacro() throws {
        let condition = try MonitoringRules.parse("container and proc.name = vi", macros: ["container"])
        let error = #expect(throws: MonitoringRuleError.self, "a macro must be expanded before evaluation") {
            try condition.evaluate(on: write)
        }
        #expect(error?.code == .undefinedMacro)
    }
}
