/// The engine that runs a rule set over a stream of runtime events and raises alerts.
///
/// As in Falco, rules whose priority is below the minimum priority are not evaluated at all, and by
/// default an event raises at most one alert: the first matching rule, in rule order, wins
/// (Falco's `rule_matching: first`). With ``RuleMatching/all`` every matching rule raises an alert.
public struct MonitoringRuleEngine: Sendable {
    /// The choice of matching rules that raise an alert for one event.
    public enum RuleMatching: Sendable {
        /// Only the first matching rule, in rule order.
        case first
        /// Every matching rule, in rule order.
        case all
    }

    /// The rules.
    public var ruleSet: MonitoringRuleSet
    /// The minimum priority of the rules that are evaluated, so rules below it never raise an alert.
    public var minimumPriority: AlertPriority
    /// The choice of matching rules that raise an alert.
    public var matching: RuleMatching

    public init(ruleSet: MonitoringRuleSet, minimumPriority: AlertPriority = .debug, matching: RuleMatching = .first) {
        self.ruleSet = ruleSet
        self.minimumPriority = minimumPriority
        self.matching = matching
    }

    /// Evaluates the enabled rules at or above the minimum priority on one event, in rule order,
    /// and returns an alert for the first that matches (or for each, with ``RuleMatching/all``).
    ///
    /// - Throws: ``MonitoringRuleError`` when a condition cannot be evaluated.
    public func alerts(for event: RuntimeEvent) throws -> [Alert] {
        var alerts: [Alert] = []
        for rule in ruleSet.rules where rule.isEnabled && rule.priority >= minimumPriority {
            guard try rule.condition.evaluate(on: event) else { continue }
            alerts.append(
                Alert(
                    rule: rule.name, priority: rule.priority, output: rule.output.render(for: event), time: event.time,
                    tags: rule.tags))
            if matching == .first {
                break
            }
        }
        return alerts
    }

    /// Runs every event of a stream through ``alerts(for:)-(RuntimeEvent)`` and returns the alerts in
    /// event order.
    public func alerts(for events: some Sequence<RuntimeEvent>) throws -> [Alert] {
        var alerts: [Alert] = []
        for event in events {
            alerts += try self.alerts(for: event)
        }
        return alerts
    }
}
