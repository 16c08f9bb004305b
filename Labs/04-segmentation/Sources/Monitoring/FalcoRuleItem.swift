public import LabKit

/// One top-level item of a rules file, as written, before lists and macros are resolved.
public enum FalcoRuleItem: Sendable, Equatable {
    case list(FalcoRuleList)
    case macro(FalcoRuleMacro)
    case rule(FalcoRuleDefinition)

    /// The item's name.
    public var name: String {
        switch self {
        case .list(let list): list.name
        case .macro(let macro): macro.name
        case .rule(let rule): rule.name
        }
    }
}

/// A `- list:` item: a named collection of values for `in (...)` and `pmatch (...)`.
public struct FalcoRuleList: Sendable, Equatable {
    /// The list's name, such as `shell_binaries`.
    public var name: String
    /// The values, in order; an item that names another list stands for that list's values.
    public var items: [String]
    /// Whether the items are added to an earlier list of the same name instead of replacing it.
    public var append: Bool
    /// The position of the item in the rules file.
    public var mark: YAMLNode.Mark?

    public init(name: String, items: [String], append: Bool = false, mark: YAMLNode.Mark? = nil) {
        self.name = name
        self.items = items
        self.append = append
        self.mark = mark
    }
}

/// A `- macro:` item: a named condition that rules and other macros use by its name.
public struct FalcoRuleMacro: Sendable, Equatable {
    /// The macro's name, such as `container`.
    public var name: String
    /// The condition text.
    public var condition: String
    /// Whether the condition is added to an earlier macro of the same name instead of replacing it.
    public var append: Bool
    /// The position of the item in the rules file.
    public var mark: YAMLNode.Mark?

    public init(name: String, condition: String, append: Bool = false, mark: YAMLNode.Mark? = nil) {
        self.name = name
        self.condition = condition
        self.append = append
        self.mark = mark
    }
}

/// A `- rule:` item: a condition that raises an alert, with its description, output and priority.
///
/// A full definition has every key but `tags` and `enabled`. An item with `append: true` has only a
/// `condition` to add to an earlier rule. An item with only `enabled` switches an earlier rule on or
/// off. Both leave the other properties `nil`.
public struct FalcoRuleDefinition: Sendable, Equatable {
    /// The rule's name, unique in the rule set, such as `Shell in container`.
    public var name: String
    /// What the rule detects and why it matters (`desc`).
    public var description: String?
    /// The condition text.
    public var condition: String?
    /// The alert text, with `%field` placeholders.
    public var output: String?
    /// The urgency of an alert from the rule.
    public var priority: AlertPriority?
    /// Labels for grouping rules, such as `container` or `mitre_execution`.
    public var tags: [String]
    /// Whether the rule is active, or `nil` when the item leaves it unset.
    public var enabled: Bool?
    /// Whether the condition is added to an earlier rule of the same name.
    public var append: Bool
    /// The position of the item in the rules file.
    public var mark: YAMLNode.Mark?

    public init(
        name: String,
        description: String? = nil,
        condition: String? = nil,
        output: String? = nil,
        priority: AlertPriority? = nil,
        tags: [String] = [],
        enabled: Bool? = nil,
        append: Bool = false,
        mark: YAMLNode.Mark? = nil
    ) {
        self.name = name
        self.description = description
        self.condition = condition
        self.output = output
        self.priority = priority
        self.tags = tags
        self.enabled = enabled
        self.append = append
        self.mark = mark
    }

    /// Whether the item changes an earlier rule rather than defining one.
    public var modifiesEarlierRule: Bool {
        append || (description == nil && condition == nil && output == nil && priority == nil && enabled != nil)
    }
}
