/// A compiled rule: its condition with macros and lists expanded, ready to evaluate on events.
public struct MonitoringRule: Sendable, Equatable {
    /// The rule's name.
    public var name: String
    /// A description of what the rule detects.
    public var description: String
    /// The condition, with every macro replaced by its condition and every list by its items.
    public var condition: RuleCondition
    /// The output format.
    public var output: MonitoringRuleOutput
    /// The urgency of an alert from this rule.
    public var priority: AlertPriority
    /// The rule's tags.
    public var tags: [String]
    /// Whether the rule is active; an inactive rule never raises an alert.
    public var isEnabled: Bool

    public init(
        name: String,
        description: String,
        condition: RuleCondition,
        output: MonitoringRuleOutput,
        priority: AlertPriority,
        tags: [String] = [],
        isEnabled: Bool = true
    ) {
        self.name = name
        self.description = description
        self.condition = condition
        self.output = output
        self.priority = priority
        self.tags = tags
        self.isEnabled = isEnabled
    }
}
