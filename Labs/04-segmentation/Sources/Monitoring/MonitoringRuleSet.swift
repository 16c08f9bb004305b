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
        // TODO: Part 7 — apply the items in order (replace, append, enabled), resolve list items
        // that name lists, parse every macro and expand macros inside macros (rejecting cycles and
        // conditions deeper than maximumConditionDepth), then compile every rule: parse and expand its condition and parse its output. Locate each
        // error in its item with MonitoringRuleError.located(item:key:mark:).
        throw LabKitError.notImplemented("compile the items of rules files", part: 7, in: "MonitoringRuleSet")
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
}
