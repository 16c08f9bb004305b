import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring (hidden)")
struct Part7RuntimeMonitoringHidden {
    @Test("keywords inside values and quotes stay values")
    func keywordsAsValues() throws {
        let parsed = try MonitoringRules.parse("proc.cmdline contains 'a and b' and proc.name in (\"or\", not)")
        expectCondition(
            parsed,
            equals: .and(
                .check(field: "proc.cmdline", operator: .contains, values: ["a and b"]),
                .check(field: "proc.name", operator: .in, values: ["or", "not"])),
            "words after an operator are values, even when they spell a keyword")
        let escaped = try MonitoringRules.parse(#"proc.cmdline = "echo \"hi\"""#)
        expectCondition(escaped, equals: .equal("proc.cmdline", #"echo "hi""#), "a backslash escapes the quote")
    }

    @Test("appended exception silences a shipped rule")
    func appendedException() throws {
        let shipped = try FalcoRulesFile(contentsOf: MonitoringRules.defaultRulesURL)
        let local = try FalcoRulesFile(
            yaml: """
                - list: package_manager_build_namespaces
                  items: [release]
                  append: true
                - macro: user_known_shell_in_container
                  condition: or (container.name = debug and user.name = sre)
                  append: true
                """)
        let engine = MonitoringRuleEngine(ruleSet: try MonitoringRuleSet(files: [shipped, local]), matching: .all)
        let releaseBuild = RuntimeEventContainer(
            id: "0123456789ab", name: "bake", image: "debian:bookworm", podName: "bake-1", namespaceName: "release")
        #expect(try engine.alerts(for: MonitoringEvents.exec("apt-get", in: releaseBuild)).isEmpty)
        let debug = RuntimeEventContainer(id: "ba5eba11c0de", name: "debug", image: "busybox:1.36")
        #expect(try engine.alerts(for: MonitoringEvents.exec("sh", in: debug, user: "sre")).isEmpty)
        #expect(
            try engine.alerts(for: MonitoringEvents.exec("sh", in: debug, user: "root")).map(\.rule)
                == ["Shell in container"],
            "the appended exception covers only the sre user")
    }

    @Test("list cycles are rejected")
    func listCycle() {
        let yaml = """
            - list: a
              items: [b, x]
            - list: b
              items: [a]
            """ + MonitoringRules.rule("Uses a", condition: "proc.name in (a)")
        let error = #expect(throws: MonitoringRuleError.self, "lists that contain each other never resolve") {
            try MonitoringRuleSet(yaml: yaml)
        }
        #expect(error?.code == .circularReference)
    }
}
