import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring: lists, macros and outputs")
struct Part7RuntimeMonitoringRuleSet {
    @Test("macros expand inside macros and rules")
    func macrosExpand() throws {
        let rules = try MonitoringRuleSet(
            yaml: """
                - rule: Shell in container
                  desc: test rule
                  condition: shell_in_container and user.name = root
                  output: "%proc.name"
                  priority: WARNING
                - macro: shell_in_container
                  condition: container and proc.name in (shells)
                - macro: container
                  condition: container.id != host
                - list: shells
                  items: [bash, sh]
                """)
        let rule = try #require(rules.rule(named: "Shell in container"))
        let container = RuleCondition.check(field: "container.id", operator: .notEqual, values: ["host"])
        let shells = RuleCondition.check(field: "proc.name", operator: .in, values: ["bash", "sh"])
        expectCondition(
            rule.condition, equals: .and(.and(container, shells), .equal("user.name", "root")),
            "macros must be replaced by their conditions, even macros used before their definition")
        expectCondition(
            rules.macros["shell_in_container"], equals: .and(container, shells), "a stored macro is fully expanded")
    }

    @Test("list items that name lists are resolved")
    func nestedLists() throws {
        let rules = try MonitoringRuleSet(
            yaml: """
                - list: debian
                  items: [apt, apt-get, dpkg]
                - list: redhat
                  items: [yum, rpm]
                - list: package_managers
                  items: [debian, redhat, pip]
                """ + MonitoringRules.rule("Packages", condition: "proc.name in (package_managers)"))
        #expect(rules.lists["package_managers"] == ["apt", "apt-get", "dpkg", "yum", "rpm", "pip"])
        let rule = try #require(rules.rule(named: "Packages"))
        expectCondition(
            rule.condition,
            equals: .check(field: "proc.name", operator: .in, values: ["apt", "apt-get", "dpkg", "yum", "rpm", "pip"]),
            "a list name in the condition must be replaced by the items of the lists it names, in order")
    }

    @Test("append and later definitions change earlier items")
    func appendAndReplace() throws {
        let rules = try MonitoringRuleSet(
            yaml: """
                - list: shells
                  items: [bash]
                - list: shells
                  items: [sh, zsh]
                  append: true
                - macro: trusted
                  condition: user.name = admin
                - macro: trusted
                  condition: or proc.pname = ansible
                  append: true
                - macro: interactive
                  condition: proc.pid = 1
                - macro: interactive
                  condition: proc.pid > 1
                """
                    + MonitoringRules.rule("Shells", condition: "proc.name in (shells) and not trusted")
                    + MonitoringRules.rule("Interactive", condition: "interactive")
                        + """
                        - rule: Shells
                          condition: and container.id != host
                          append: true
                        - rule: Interactive
                          enabled: false
                        """)
        #expect(rules.lists["shells"] == ["bash", "sh", "zsh"], "append: true adds the items to the earlier list")
        let shells = try #require(rules.rule(named: "Shells"))
        let trusted = RuleCondition.or(.equal("user.name", "admin"), .equal("proc.pname", "ansible"))
        let expected = RuleCondition.and(
            .and(.check(field: "proc.name", operator: .in, values: ["bash", "sh", "zsh"]), .not(trusted)),
            .check(field: "container.id", operator: .notEqual, values: ["host"]))
        expectCondition(
            shells.condition, equals: expected,
            "an appended condition is added to the text after a space, for macros and rules alike")
        let interactive = try #require(rules.rule(named: "Interactive"))
        expectCondition(
            interactive.condition, equals: .check(field: "proc.pid", operator: .greater, values: ["1"]),
            "a later macro of the same name replaces the earlier one")
        #expect(interactive.isEnabled == false, "an item with only enabled: false switches the rule off")
        #expect(rules.rules.map(\.name) == ["Shells", "Interactive"], "rules keep the order of their first definition")
    }

    @Test("replaced rule keeps its place")
    func replacedRuleKeepsPlace() throws {
        let rules = try MonitoringRuleSet(
            yaml: MonitoringRules.rule("First", condition: "proc.name = bash")
                + MonitoringRules.rule("Second", condition: "proc.name = sh")
                + MonitoringRules.rule("Third", condition: "proc.name = zsh")
                + MonitoringRules.rule("First", condition: "proc.name = dash", priority: "ERROR"))
        #expect(
            rules.rules.map(\.name) == ["First", "Second", "Third"],
            "a rule defined again replaces the earlier one in its place")
        let first = try #require(rules.rule(named: "First"))
        expectCondition(first.condition, equals: .equal("proc.name", "dash"), "the later definition wins")
        #expect(first.priority == .error)
    }

    @Test("append needs an earlier definition", arguments: ["list", "macro", "rule"])
    func appendWithoutDefinition(kind: String) {
        let body = kind == "list" ? "items: [bash]" : "condition: and proc.name = bash"
        let yaml =
            MonitoringRules.rule("Valid", condition: "proc.name = sh") + """
                - \(kind): extra
                  \(body)
                  append: true
                """
        let error = #expect(throws: MonitoringRuleError.self, "appending to an undefined \(kind) must be rejected") {
            try MonitoringRuleSet(yaml: yaml)
        }
        #expect(error?.code == .appendWithoutDefinition)
        #expect(error?.item == "\(kind) \"extra\"", "the error must name the \(kind); got \(String(describing: error))")
    }

    @Test("macros that use themselves are rejected")
    func macroCycle() {
        let yaml = """
            - macro: a
              condition: proc.name = bash or b
            - macro: b
              condition: not a
            """ + MonitoringRules.rule("Loop", condition: "a")
        let error = #expect(throws: MonitoringRuleError.self, "a macro cycle can never be expanded") {
            try MonitoringRuleSet(yaml: yaml)
        }
        #expect(error?.code == .circularReference, "got \(String(describing: error))")
    }

    @Test("errors name the rule, the key and the column")
    func errorsAreLocated() {
        let yaml = """
            - rule: Shell in container
              desc: test rule
              condition: spawned_process and proc.name in
              output: "%proc.name"
              priority: WARNING
            - macro: spawned_process
              condition: evt.type = execve
            """
        let error = #expect(throws: MonitoringRuleError.self, "a condition that ends after 'in' must be rejected") {
            try MonitoringRuleSet(yaml: yaml)
        }
        #expect(
            error?.message
                == "rule \"Shell in container\": condition: expected a value after 'in', found the end of the condition at column 33 (item at line 1, column 3)",
            "got \(String(describing: error?.message))")

        let macroError = #expect(throws: MonitoringRuleError.self, "a macro using an undefined macro must be rejected")
        {
            try MonitoringRuleSet(
                yaml: """
                    - macro: container
                      condition: not on_host
                    """)
        }
        #expect(macroError?.code == .undefinedMacro)
        #expect(macroError?.item == "macro \"container\"")
        #expect(macroError?.key == "condition")
        #expect(macroError?.column == 5)
    }

    @Test(
        "output placeholders are filled from the event",
        arguments: [
            ("%proc.name opened %fd.name", "vi opened /etc/shadow"),
            ("file=%fd.name.", "file=/etc/shadow."),
            ("(pod=%k8s.pod.name ns=%k8s.ns.name)", "(pod=web-7d9f6c-x2k4p ns=shop)"),
            ("pid=%proc.pid write=%evt.is_open_write", "pid=4321 write=true"),
            ("peer=%fd.sip:%fd.sport", "peer=<NA>:<NA>"),
            ("100% sure, %user.name%", "100% sure, root%"),
            ("at %evt.time", "at 2027-03-01T10:15:02.250Z"),
        ]
    )
    func outputSubstitution(format: String, expected: String) throws {
        let event = MonitoringEvents.open(
            "/etc/shadow", flags: ["O_WRONLY"], by: "vi", in: MonitoringEvents.web, at: 2.25)
        let output = try MonitoringRuleOutput(parsing: format)
        #expect(output.render(for: event) == expected, "`\(format)` must render as `\(expected)`")
    }

    @Test("unknown output field is rejected")
    func unknownOutputField() {
        let yaml = MonitoringRules.rule("Typo", condition: "proc.name = bash", output: "shell %proc.name by %usr.name")
        let error = #expect(throws: MonitoringRuleError.self, "an output naming no field must be rejected at load") {
            try MonitoringRuleSet(yaml: yaml)
        }
        #expect(error?.code == .unknownField)
        #expect(error?.item == "rule \"Typo\"")
        #expect(error?.key == "output")
        #expect(error?.column == 21, "the column of the % that starts the bad placeholder")
    }

    @Test("priorities are checked and ignore case")
    func priorities() throws {
        let rules = try MonitoringRuleSet(
            yaml: MonitoringRules.rule("Low", condition: "proc.name = sh", priority: "informational")
                + MonitoringRules.rule("High", condition: "proc.name = sh", priority: "Critical"))
        #expect(rules.rules.map(\.priority) == [.informational, .critical])

        let error = #expect(throws: MonitoringRuleError.self, "SEVERE is not a Falco priority") {
            try MonitoringRuleSet(yaml: MonitoringRules.rule("Bad", condition: "proc.name = sh", priority: "SEVERE"))
        }
        #expect(error?.code == .unknownPriority)
        #expect(error?.mark?.line == 6, "the error must point at the priority's line")
    }

    @Test("invalid YAML is reported with line and column")
    func invalidYAML() throws {
        let valid = MonitoringRules.rule("Shell", condition: "proc.name = bash")
        #expect(try MonitoringRuleSet(yaml: valid).rules.count == 1, "the valid file must compile")
        let broken = valid.replacingOccurrences(of: "  desc: test rule", with: "  desc: [test rule")
        let error = #expect(throws: MonitoringRuleError.self, "an unclosed flow sequence is invalid YAML") {
            try MonitoringRuleSet(yaml: broken)
        }
        #expect(error?.code == .yaml)
        #expect(error?.message.contains("line 4") == true, "got \(String(describing: error?.message))")
    }

    @Test("deep conditions fail before evaluation")
    func conditionDepthLimit() throws {
        let limit = MonitoringRuleSet.maximumConditionDepth
        let checks = { (count: Int) in (0..<count).map { "proc.name = p\($0)" }.joined(separator: " or ") }
        let fits = try MonitoringRuleSet(yaml: MonitoringRules.rule("Fits", condition: checks(limit / 2)))
        #expect(fits.rules.count == 1, "a chain of \(limit / 2) checks nests \(limit / 2 - 1) levels and must compile")

        // 20,000 checks joined by `or` nest 20,000 levels deep, which overflowed the stack when
        // evaluated recursively and crashed the whole test run.
        let chainError = #expect(throws: MonitoringRuleError.self, "a chain of 20,000 checks is too deep") {
            try MonitoringRuleSet(yaml: MonitoringRules.rule("Chain", condition: checks(20_000)))
        }
        #expect(chainError?.code == .depthLimit, "got \(String(describing: chainError))")
        #expect(chainError?.item == "rule \"Chain\"", "the error must name the rule")

        var macros = "- macro: level0\n  condition: proc.name = bash\n"
        for level in 1...limit {
            macros += "- macro: level\(level)\n  condition: not level\(level - 1)\n"
        }
        let macroError = #expect(throws: MonitoringRuleError.self, "macros that nest through each other add up") {
            try MonitoringRuleSet(yaml: macros + MonitoringRules.rule("Nested", condition: "level\(limit)"))
        }
        #expect(macroError?.code == .depthLimit, "got \(String(describing: macroError))")
    }

    @Test("rules file must be UTF-8")
    func rulesFileEncoding() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("labkit-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text =
            "- list: editors\n  items: [vi, \"\u{E9}diteur\"]\n"
            + MonitoringRules.rule("Editor", condition: "proc.name in (editors)")

        let utf8 = directory.appendingPathComponent("utf8.yaml")
        try Data(text.utf8).write(to: utf8)
        let rules = try MonitoringRuleSet(FalcoRulesFile(contentsOf: utf8))
        #expect(rules.lists["editors"] == ["vi", "\u{E9}diteur"], "a UTF-8 file keeps its accented items")

        let latin1 = directory.appendingPathComponent("latin1.yaml")
        try #require(text.data(using: .isoLatin1)).write(to: latin1)
        let error = #expect(throws: MonitoringRuleError.self, "Latin-1 bytes must not turn into U+FFFD silently") {
            try FalcoRulesFile(contentsOf: latin1)
        }
        #expect(error?.code == .yaml)
        #expect(error?.message.contains("line 2") == true, "the message must point at the bad byte's line")
    }
}
