import Foundation
import Segmentation

/// The shipped rules file and small rule sets written for single tests.
enum MonitoringRules {
    /// `Labs/04-segmentation/rules/default-rules.yaml`, found from this source file's path.
    static var defaultRulesURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // SegmentationTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
            .appendingPathComponent("Labs/04-segmentation/rules/default-rules.yaml")
    }

    /// The shipped rules, compiled.
    static func shipped() throws -> MonitoringRuleSet {
        try MonitoringRuleSet(FalcoRulesFile(contentsOf: defaultRulesURL))
    }

    /// An engine over the shipped rules that reports every matching rule.
    static func shippedEngine() throws -> MonitoringRuleEngine {
        MonitoringRuleEngine(ruleSet: try shipped(), matching: .all)
    }

    /// Parses a condition with the lists and macros of a small rules file.
    static func parse(
        _ condition: String, macros: Set<String> = [], lists: [String: [String]] = [:]
    ) throws -> RuleCondition {
        try RuleConditionParser(macroNames: macros, lists: lists).parse(condition)
    }

    /// Returns a rule item in YAML, starting on a new line, for rules files built in a test.
    ///
    /// The output is written in single quotes, because a plain YAML scalar cannot start with `%`.
    static func rule(
        _ name: String, condition: String, output: String = "%proc.name", priority: String = "WARNING"
    ) -> String {
        let quotedOutput = "'" + output.replacingOccurrences(of: "'", with: "''") + "'"
        return """

            - rule: \(name)
              desc: test rule
              condition: \(condition)
              output: \(quotedOutput)
              priority: \(priority)

            """
    }
}

/// Shorthands for the checks that condition tests expect.
extension RuleCondition {
    static func equal(_ field: String, _ value: String) -> RuleCondition {
        .check(field: field, operator: .equal, values: [value])
    }
}
