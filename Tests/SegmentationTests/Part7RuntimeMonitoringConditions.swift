import Foundation
import Segmentation
import Testing

@Suite("Part 7 — Runtime monitoring: condition parser")
struct Part7RuntimeMonitoringConditions {
    let shell = RuleCondition.equal("proc.name", "bash")
    let container = RuleCondition.check(field: "container.id", operator: .notEqual, values: ["host"])
    let write = RuleCondition.equal("evt.is_open_write", "true")

    @Test("not binds tighter than and, and tighter than or")
    func precedence() throws {
        let parsed = try MonitoringRules.parse(
            "proc.name = bash or container.id != host and not evt.is_open_write = true")
        expectCondition(
            parsed, equals: .or(shell, .and(container, .not(write))),
            "`a or b and not c` must parse as `a or (b and (not c))`")
    }

    @Test("parentheses override precedence")
    func parenthesesGroup() throws {
        let parsed = try MonitoringRules.parse(
            "(proc.name = bash or container.id != host) and not (evt.is_open_write = true)")
        expectCondition(parsed, equals: .and(.or(shell, container), .not(write)), "parentheses must group first")
    }

    @Test("and and or group to the left")
    func leftAssociative() throws {
        let and = try MonitoringRules.parse("proc.name = bash and container.id != host and evt.is_open_write = true")
        expectCondition(and, equals: .and(.and(shell, container), write), "`a and b and c` must be `(a and b) and c`")
        let or = try MonitoringRules.parse("proc.name = bash or container.id != host or evt.is_open_write = true")
        expectCondition(or, equals: .or(.or(shell, container), write), "`a or b or c` must be `(a or b) or c`")
    }

    @Test("not applies to the next operand only")
    func notBindsTightly() throws {
        let parsed = try MonitoringRules.parse("not proc.name = bash and not not container.id != host")
        expectCondition(
            parsed, equals: .and(.not(shell), .not(.not(container))),
            "`not a and not not b` must be `(not a) and (not (not b))`")
    }

    @Test(
        "each operator parses into its check",
        arguments: [
            ("proc.pid >= 100", RuleCondition.check(field: "proc.pid", operator: .greaterOrEqual, values: ["100"])),
            ("fd.sport<80", .check(field: "fd.sport", operator: .less, values: ["80"])),
            ("proc.pid<=0x10", .check(field: "proc.pid", operator: .lessOrEqual, values: ["0x10"])),
            ("proc.ppid > 1", .check(field: "proc.ppid", operator: .greater, values: ["1"])),
            ("proc.name == bash", .check(field: "proc.name", operator: .equal, values: ["bash"])),
            ("user.name!=root", .check(field: "user.name", operator: .notEqual, values: ["root"])),
            (
                "proc.cmdline contains \"curl -s\"",
                .check(field: "proc.cmdline", operator: .contains, values: ["curl -s"])
            ),
            (
                "proc.cmdline icontains 'Base64 -d'",
                .check(field: "proc.cmdline", operator: .icontains, values: ["Base64 -d"])
            ),
            ("fd.name startswith /etc/", .check(field: "fd.name", operator: .startswith, values: ["/etc/"])),
            ("fd.name endswith .pem", .check(field: "fd.name", operator: .endswith, values: [".pem"])),
            (
                "fd.name pmatch (/etc, /usr/lib)",
                .check(field: "fd.name", operator: .pmatch, values: ["/etc", "/usr/lib"])
            ),
            (
                "evt.type in (execve, execveat)",
                .check(field: "evt.type", operator: .in, values: ["execve", "execveat"])
            ),
            ("evt.type in ()", .check(field: "evt.type", operator: .in, values: [])),
            ("k8s.ns.name exists", .check(field: "k8s.ns.name", operator: .exists, values: [])),
            ("fd.sip = '169.254.169.254'", .check(field: "fd.sip", operator: .equal, values: ["169.254.169.254"])),
        ]
    )
    func operatorParses(condition: String, expected: RuleCondition) throws {
        let parsed = try MonitoringRules.parse(condition)
        expectCondition(parsed, equals: expected, "`\(condition)` must parse into this check")
    }

    @Test("list names expand into their items")
    func listsExpand() throws {
        let lists = ["shell_binaries": ["bash", "sh"]]
        let inParentheses = try MonitoringRules.parse("proc.name in (shell_binaries, python3)", lists: lists)
        expectCondition(
            inParentheses, equals: .check(field: "proc.name", operator: .in, values: ["bash", "sh", "python3"]),
            "a list name inside in (...) must be replaced by the list's items")
        let bare = try MonitoringRules.parse("proc.name in shell_binaries", lists: lists)
        expectCondition(
            bare, equals: .check(field: "proc.name", operator: .in, values: ["bash", "sh"]),
            "`in list_name` without parentheses names a list")
        let quoted = try MonitoringRules.parse("proc.name in ('shell_binaries')", lists: lists)
        expectCondition(
            quoted, equals: .check(field: "proc.name", operator: .in, values: ["shell_binaries"]),
            "a quoted value is a literal, never a list name")
    }

    @Test("a name without a dot is a macro")
    func macroReference() throws {
        let parsed = try MonitoringRules.parse(
            "spawned_process and not (container)", macros: ["spawned_process", "container"])
        expectCondition(
            parsed, equals: .and(.macro("spawned_process"), .not(.macro("container"))),
            "a name without a dot and without an operator after it is a macro")
    }

    @Test(
        "syntax errors name what was expected and where",
        arguments: [
            ("proc.name in", 13, "expected a value after 'in'"),
            ("proc.name =", 12, "expected a value after '='"),
            ("(proc.name = bash", 18, "expected ')' to close the '(' at column 1"),
            ("proc.name = bash and", 21, "expected a field, a macro, 'not' or '(' after 'and'"),
            ("proc.name = bash or )", 21, "expected a field, a macro, 'not' or '(' after 'or'"),
            ("proc.name bash", 11, "expected an operator after 'proc.name'"),
            ("proc.name = bash sh", 18, "expected 'and', 'or' or the end of the condition"),
            ("proc.name in (bash, ", 21, "expected a value in the list that starts at column 14"),
            ("proc.name in (bash sh)", 20, "expected ',' or ')' in the list that starts at column 14"),
            ("", 1, "expected a field, a macro, 'not' or '(' at the start of the condition"),
            ("not", 4, "expected a field, a macro, 'not' or '(' after 'not'"),
        ]
    )
    func syntaxErrors(condition: String, column: Int, expected: String) {
        let error = #expect(throws: MonitoringRuleError.self, "`\(condition)` is not a valid condition") {
            try MonitoringRules.parse(condition)
        }
        #expect(
            error?.code == .syntax, "`\(condition)` must fail with a syntax error; got \(String(describing: error))")
        #expect(error?.column == column, "the error for `\(condition)` must point at column \(column)")
        #expect(
            error?.summary.contains(expected) == true,
            "the error for `\(condition)` must say \"\(expected)\"; got \(String(describing: error?.summary))")
    }

    @Test(
        "names and values are checked against fields",
        arguments: [
            ("proc.nam = bash", MonitoringRuleError.Code.unknownField, 1),
            ("proc_name = bash", .unknownField, 1),
            ("proc.name = bash and fd.nme startswith /etc", .unknownField, 22),
            ("evt.type = execve and spawned", .undefinedMacro, 23),
            ("proc.name in shell_binarys", .undefinedList, 14),
            ("proc.pid = abc", .invalidValue, 12),
            ("fd.sport in (80, http)", .invalidValue, 18),
            ("evt.is_open_write = yes", .invalidValue, 21),
            ("proc.name < bash", .invalidValue, 11),
            ("fd.sport startswith 80", .invalidValue, 10),
        ]
    )
    func semanticErrors(condition: String, code: MonitoringRuleError.Code, column: Int) {
        let error = #expect(throws: MonitoringRuleError.self, "`\(condition)` must be rejected") {
            try MonitoringRules.parse(condition, macros: ["container"], lists: ["shell_binaries": ["bash"]])
        }
        #expect(error?.code == code, "`\(condition)` must fail with \(code); got \(String(describing: error))")
        #expect(error?.column == column, "the error for `\(condition)` must point at column \(column)")
    }

    @Test("deep nesting is rejected, not overflowed")
    func nestingLimit() throws {
        var parsed = try MonitoringRules.parse(String(repeating: "not ", count: 99) + "(proc.name = bash)")
        var levels = 0
        while case .not(let operand) = parsed {
            levels += 1
            parsed = operand
        }
        #expect(levels == 99, "99 nots around parentheses are 100 levels, which must parse")
        expectCondition(parsed, equals: .equal("proc.name", "bash"), "the innermost level is the check")
        let deep = String(repeating: "not ", count: 5_000) + "proc.name = bash"
        let error = #expect(throws: MonitoringRuleError.self, "5,000 nested nots must be rejected") {
            try MonitoringRules.parse(deep)
        }
        #expect(error?.code == .syntax)
        #expect(error?.column == 401, "the error points at the 101st level; got \(String(describing: error?.column))")
    }

    @Test("deep parentheses are rejected, not overflowed")
    func parenthesesLimit() throws {
        func nest(_ levels: Int) -> String {
            String(repeating: "(", count: levels) + "proc.name = bash" + String(repeating: ")", count: levels)
        }
        expectCondition(
            try MonitoringRules.parse(nest(100)), equals: .equal("proc.name", "bash"), "100 levels must parse")
        let error = #expect(throws: MonitoringRuleError.self, "101 nested parentheses must be rejected") {
            try MonitoringRules.parse(nest(101))
        }
        #expect(error?.code == .syntax)
        #expect(error?.column == 101, "the error points at the 101st '('; got \(String(describing: error?.column))")
        #expect(
            error?.summary.contains("deeper than 100 levels") == true,
            "the error says the limit; got \(String(describing: error?.summary))")
        #expect(throws: MonitoringRuleError.self, "10,000 levels must be rejected without a stack overflow") {
            try MonitoringRules.parse(nest(10_000))
        }
    }
}
