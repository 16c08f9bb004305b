import LabKit

/// The rules of one or more rules files, compiled: `append` applied, lists and macros expanded,
/// conditions and outputs checked.
///
/// Items apply in order, as Falco loads them. A later list, macro or rule with the name of an
/// earlier one replaces it (a rule keeps its place in the order). With `append: true` a list adds
/// its items, and a macro or rule adds its condition text after a space, so an appended condition
/// usually starts with `and` or `or`. A rule item with only `enabled` switches an earlier rule on or
/// off. Lists and macros may be used before the item that defines them, because names resolve
/// after every item is read.
public struct MonitoringRuleSet: Sendable {
    /// Every rule, enabled or not, in the order they were first defined.
    public private(set) var rules: [MonitoringRule]
    /// Every list with its items resolved, so no item names another list.
    public private(set) var lists: [String: [String]]
    /// Every macro's condition, with the macros it uses expanded.
    public private(set) var macros: [String: RuleCondition]

    /// The deepest a compiled condition may nest, counting each `and`, `or`, `not` and macro
    /// use as one level; deeper conditions fail with `depthLimit`.
    ///
    /// Evaluating a condition recurses once per level. `a or b or c` nests to the left, so each
    /// `or` of a long chain is one level, and a macro that uses another macro stacks both. A debug
    /// build on Linux x86_64 with Swift 6.3 evaluated a chain of 200 checks on a thread with a
    /// 512 KiB stack (the size of a secondary thread on macOS) and crashed at 400.
    public static let maximumConditionDepth = 200

    /// Compiles the items of rules files, in order.
    ///
    /// Every error names its item as `rule "name"`, `macro "name"` or `list "name"`, with the key
    /// (`condition` or `output`) for errors inside a condition or output, and the item's position.
    ///
    /// - Throws: ``MonitoringRuleError`` naming the item: `appendWithoutDefinition`,
    ///   `circularReference`, `depthLimit` for a condition that nests deeper than
    ///   ``maximumConditionDepth`` once its macros are expanded, or any error of
    ///   ``RuleConditionParser/parse(_:)`` and
    ///   ``MonitoringRuleOutput/init(parsing:)``.
    public init(files: [FalcoRulesFile]) throws {
        var merged = MergedItems()
        for item in files.flatMap(\.items) {
            try merged.apply(item)
        }
        let lists = try Self.resolveLists(merged.lists)
        let parser = RuleConditionParser(macroNames: Set(merged.macros.keys), lists: lists)
        var expander = try Self.expandMacros(merged.macros, parser: parser)
        var rules: [MonitoringRule] = []
        for name in merged.ruleOrder {
            if let definition = merged.rules[name] {
                rules.append(try Self.compile(definition, parser: parser, expander: &expander))
            }
        }
        self.lists = lists
        self.macros = expander.expanded
        self.rules = rules
    }

    /// Compiles one rules file.
    public init(_ file: FalcoRulesFile) throws {
        try self.init(files: [file])
    }

    /// Parses and compiles the text of one rules file.
    public init(yaml: String) throws {
        try self.init(FalcoRulesFile(yaml: yaml))
    }

    /// Returns the rule with this name, or `nil` when there is none.
    public func rule(named name: String) -> MonitoringRule? {
        rules.first { $0.name == name }
    }

    // MARK: - Lists

    private static func resolveLists(_ lists: [String: FalcoRuleList]) throws -> [String: [String]] {
        var resolved: [String: [String]] = [:]
        func resolve(_ name: String, path: [String]) throws -> [String] {
            if let done = resolved[name] {
                return done
            }
            guard let list = lists[name] else { return [name] }
            if path.contains(name) {
                throw MonitoringRuleError(
                    .circularReference,
                    "lists refer to each other in a cycle: \((path + [name]).joined(separator: " → "))",
                    item: "list \"\(path[0])\"", mark: lists[path[0]]?.mark)
            }
            let items = try list.items.flatMap { item in
                lists[item] == nil ? [item] : try resolve(item, path: path + [name])
            }
            resolved[name] = items
            return items
        }
        for name in lists.keys.sorted() {
            _ = try resolve(name, path: [])
        }
        return resolved
    }

    // MARK: - Macros

    /// Parses every macro and expands the macros each one uses, returning the expander that contains them.
    private static func expandMacros(
        _ definitions: [String: FalcoRuleMacro], parser: RuleConditionParser
    ) throws -> MacroExpander {
        var parsed: [String: RuleCondition] = [:]
        for (name, definition) in definitions.sorted(by: { $0.key < $1.key }) {
            do {
                parsed[name] = try parser.parse(definition.condition)
            } catch let error as MonitoringRuleError {
                throw error.located(item: "macro \"\(name)\"", key: "condition", mark: definition.mark)
            }
        }
        var expander = MacroExpander(definitions: parsed, maximumDepth: maximumConditionDepth)
        for name in parsed.keys.sorted() {
            do {
                _ = try expander.expand(.macro(name))
            } catch let error as MonitoringRuleError {
                throw error.located(item: "macro \"\(name)\"", key: "condition", mark: definitions[name]?.mark)
            }
        }
        return expander
    }

    // MARK: - Rules

    private static func compile(
        _ definition: FalcoRuleDefinition, parser: RuleConditionParser, expander: inout MacroExpander
    ) throws -> MonitoringRule {
        let item = "rule \"\(definition.name)\""
        let condition: RuleCondition
        let output: MonitoringRuleOutput
        do {
            condition = try expander.expand(parser.parse(definition.condition ?? ""))
        } catch let error as MonitoringRuleError {
            throw error.located(item: item, key: "condition", mark: definition.mark)
        }
        do {
            output = try MonitoringRuleOutput(parsing: definition.output ?? "")
        } catch let error as MonitoringRuleError {
            throw error.located(item: item, key: "output", mark: definition.mark)
        }
        return MonitoringRule(
            name: definition.name, description: definition.description ?? "", condition: condition, output: output,
            priority: definition.priority ?? .debug, tags: definition.tags, isEnabled: definition.enabled ?? true)
    }
}

/// The macros of a rule set, parsed, and the conditions they expand to.
///
/// Each macro is expanded once and its tree is then shared by every use. Copying the tree at each use
/// instead would multiply the work when macros use other macros several times each.
///
/// The expander also measures depth, so that a long chain of `and`, or of macros that use macros,
/// fails with `depthLimit` here instead of overflowing the stack when the condition is evaluated.
private struct MacroExpander {
    /// A condition with its macros replaced, and its height: 1 for a check, and one more than its
    /// deepest operand for `and`, `or`, `not` and a macro use.
    struct Expansion {
        var condition: RuleCondition
        var height: Int
    }

    /// Each macro's own condition, which may use other macros.
    let definitions: [String: RuleCondition]
    let maximumDepth: Int
    /// Each macro's body with every macro inside it replaced, filled in as macros are expanded.
    private var bodies: [String: Expansion] = [:]

    init(definitions: [String: RuleCondition], maximumDepth: Int) {
        self.definitions = definitions
        self.maximumDepth = maximumDepth
    }

    /// Each macro's condition with every macro inside it replaced.
    var expanded: [String: RuleCondition] { bodies.mapValues(\.condition) }

    /// Replaces every macro in a condition by its expanded condition.
    ///
    /// - Throws: ``MonitoringRuleError`` with code `circularReference`, `undefinedMacro`, or
    ///   `depthLimit` when the result would nest deeper than `maximumDepth`.
    mutating func expand(_ condition: RuleCondition) throws -> RuleCondition {
        try expand(condition, path: [], depth: 1).condition
    }

    /// Expands a condition that sits `depth` levels deep in the finished tree.
    ///
    /// The depth only grows along the recursion, so the recursion itself stops at `maximumDepth`.
    ///
    /// - Parameter path: The macros being expanded around this condition, to detect a cycle.
    private mutating func expand(_ condition: RuleCondition, path: [String], depth: Int) throws -> Expansion {
        try checkDepth(depth)
        switch condition {
        case .and(let left, let right):
            let (left, right) = (
                try expand(left, path: path, depth: depth + 1), try expand(right, path: path, depth: depth + 1)
            )
            return Expansion(
                condition: .and(left.condition, right.condition), height: max(left.height, right.height) + 1)
        case .or(let left, let right):
            let (left, right) = (
                try expand(left, path: path, depth: depth + 1), try expand(right, path: path, depth: depth + 1)
            )
            return Expansion(
                condition: .or(left.condition, right.condition), height: max(left.height, right.height) + 1)
        case .not(let operand):
            let operand = try expand(operand, path: path, depth: depth + 1)
            return Expansion(condition: .not(operand.condition), height: operand.height + 1)
        case .check:
            return Expansion(condition: condition, height: 1)
        case .macro(let name):
            let body = try expandBody(of: name, path: path, depth: depth + 1)
            return Expansion(condition: body.condition, height: body.height + 1)
        }
    }

    /// Returns a macro's expanded body, placed `depth` levels deep, expanding it on first use.
    private mutating func expandBody(of name: String, path: [String], depth: Int) throws -> Expansion {
        if let done = bodies[name] {
            try checkDepth(depth + done.height - 1)
            return done
        }
        if path.contains(name) {
            let cycle = (path + [name]).joined(separator: " → ")
            throw MonitoringRuleError(.circularReference, "macros use each other in a cycle: \(cycle)")
        }
        guard let body = definitions[name] else {
            throw MonitoringRuleError(.undefinedMacro, "undefined macro '\(name)'")
        }
        let result = try expand(body, path: path + [name], depth: depth)
        bodies[name] = result
        return result
    }

    private func checkDepth(_ depth: Int) throws {
        guard depth > maximumDepth else { return }
        throw MonitoringRuleError(
            .depthLimit,
            "the condition nests deeper than \(maximumDepth) levels once its macros are expanded",
            hint: "join alternative values with a list, such as proc.name in (bash, sh), "
                + "rather than a long chain of or, and split chains of macros that use macros")
    }
}

/// The items of rules files after replacement and `append`, before anything is parsed.
private struct MergedItems {
    var lists: [String: FalcoRuleList] = [:]
    var macros: [String: FalcoRuleMacro] = [:]
    var rules: [String: FalcoRuleDefinition] = [:]
    var ruleOrder: [String] = []

    mutating func apply(_ item: FalcoRuleItem) throws {
        switch item {
        case .list(let list):
            if list.append {
                guard var earlier = lists[list.name] else { throw missing(list.name, kind: "list", mark: list.mark) }
                earlier.items += list.items
                lists[list.name] = earlier
            } else {
                lists[list.name] = list
            }
        case .macro(let macro):
            if macro.append {
                guard var earlier = macros[macro.name] else {
                    throw missing(macro.name, kind: "macro", mark: macro.mark)
                }
                earlier.condition += " " + macro.condition
                macros[macro.name] = earlier
            } else {
                macros[macro.name] = macro
            }
        case .rule(let rule):
            try apply(rule)
        }
    }

    private mutating func apply(_ rule: FalcoRuleDefinition) throws {
        guard rule.modifiesEarlierRule else {
            if rules[rule.name] == nil {
                ruleOrder.append(rule.name)
            }
            rules[rule.name] = rule
            return
        }
        guard var earlier = rules[rule.name] else {
            throw missing(rule.name, kind: "rule", mark: rule.mark)
        }
        if rule.append, let condition = rule.condition {
            earlier.condition = (earlier.condition ?? "") + " " + condition
        }
        earlier.enabled = rule.enabled ?? earlier.enabled
        rules[rule.name] = earlier
    }

    private func missing(_ name: String, kind: String, mark: YAMLNode.Mark?) -> MonitoringRuleError {
        MonitoringRuleError(
            .appendWithoutDefinition, "changes an earlier \(kind) of this name, but there is none",
            item: "\(kind) \"\(name)\"", mark: mark, hint: "define the \(kind) first, or load its file earlier")
    }
}
