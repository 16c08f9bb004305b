import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring: engine")
struct Part7RuntimeMonitoringEngine {
    let rules: MonitoringRuleSet

    init() throws {
        rules = try MonitoringRuleSet(
            yaml: MonitoringRules.rule(
                "Any shell", condition: "proc.name in (bash, sh)", output: "shell %proc.name", priority: "NOTICE")
                + MonitoringRules.rule(
                    "Root shell", condition: "proc.name = bash and user.name = root", output: "root shell %proc.pid",
                    priority: "ERROR")
                + MonitoringRules.rule(
                    "Debug everything", condition: "evt.type exists", output: "event %evt.type", priority: "DEBUG"))
    }

    @Test("first matching rule wins by default")
    func firstMatch() throws {
        let engine = MonitoringRuleEngine(ruleSet: rules)
        let alerts = try engine.alerts(for: MonitoringEvents.exec("bash", in: MonitoringEvents.web, at: 1))
        #expect(alerts.map(\.rule) == ["Any shell"], "Falco's default rule_matching: first raises one alert per event")
        #expect(alerts.first?.output == "shell bash")
        #expect(alerts.first?.priority == .notice)
        #expect(alerts.first?.time == MonitoringEvents.time(1), "an alert carries its event's time")
    }

    @Test("all matching rules with all matching")
    func allMatches() throws {
        let engine = MonitoringRuleEngine(ruleSet: rules, matching: .all)
        let alerts = try engine.alerts(for: MonitoringEvents.exec("bash", in: MonitoringEvents.web))
        #expect(alerts.map(\.rule) == ["Any shell", "Root shell", "Debug everything"])
        #expect(alerts.map(\.output) == ["shell bash", "root shell 4211", "event execve"])
    }

    @Test("rules below the minimum priority are skipped")
    func minimumPriority() throws {
        let engine = MonitoringRuleEngine(ruleSet: rules, minimumPriority: .warning)
        let bash = try engine.alerts(for: MonitoringEvents.exec("bash", in: MonitoringEvents.web))
        #expect(
            bash.map(\.rule) == ["Root shell"],
            "with minimum WARNING the NOTICE rule is not evaluated, so the ERROR rule is the first match")
        let sh = try engine.alerts(for: MonitoringEvents.exec("sh", in: MonitoringEvents.web))
        #expect(sh.isEmpty, "sh matches only NOTICE and DEBUG rules, both below WARNING")
        let everything = MonitoringRuleEngine(ruleSet: rules, minimumPriority: .debug, matching: .all)
        #expect(try everything.alerts(for: MonitoringEvents.exec("sh", in: nil)).count == 2)
    }

    @Test("disabled rules raise no alerts")
    func disabledRule() throws {
        let yaml =
            MonitoringRules.rule("Shell", condition: "proc.name = bash")
            + MonitoringRules.rule("Any", condition: "evt.type = execve", output: "exec %proc.name")
                + """
                - rule: Shell
                  enabled: false
                """
        let engine = MonitoringRuleEngine(ruleSet: try MonitoringRuleSet(yaml: yaml))
        let alerts = try engine.alerts(for: MonitoringEvents.exec("bash", in: nil))
        #expect(alerts.map(\.rule) == ["Any"], "the disabled rule must be skipped, so the next rule matches")
    }

    @Test("stream of events yields alerts in order")
    func stream() throws {
        let engine = MonitoringRuleEngine(ruleSet: rules, minimumPriority: .notice)
        let events = [
            MonitoringEvents.exec("sh", in: nil, at: 1),
            MonitoringEvents.exec("ls", in: nil, at: 2),
            MonitoringEvents.exec("bash", in: MonitoringEvents.web, user: "alice", at: 3),
        ]
        let alerts = try engine.alerts(for: events)
        #expect(alerts.map(\.output) == ["shell sh", "shell bash"])
        #expect(alerts.map(\.time) == [MonitoringEvents.time(1), MonitoringEvents.time(3)])
        #expect(alerts.first?.description == "2027-03-01T10:15:01.000Z: Notice shell sh")
    }
}
