import Segmentation
import Testing

/// Checks that a condition equals the expected one, and on failure prints both in Falco's syntax.
///
/// `#expect(parsed == expected)` would print both operands as nested enum values, several
/// lines long for a small condition. This check prints `expected:` and `got:` as conditions with
/// every `and` and `or` in parentheses, so the grouping that differs is visible at a glance.
func expectCondition(
    _ actual: RuleCondition?, equals expected: RuleCondition, _ rule: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let isEqual = actual == expected
    let got = actual?.conditionText ?? "no condition"
    #expect(
        isEqual, "\(rule)\n  expected: \(expected.conditionText)\n  got:      \(got)", sourceLocation: sourceLocation)
}

extension RuleCondition {
    /// The condition in Falco's syntax, with parentheses around every `and` and `or`.
    ///
    /// A value is quoted when it is empty or contains a space, quote, comma or parenthesis, so
    /// `values: ["a b"]` and `values: ["a", "b"]` print differently.
    var conditionText: String {
        switch self {
        case .and(let left, let right):
            return "(\(left.conditionText) and \(right.conditionText))"
        case .or(let left, let right):
            return "(\(left.conditionText) or \(right.conditionText))"
        case .not(let operand):
            return "not \(operand.conditionText)"
        case .macro(let name):
            return name
        case .check(let field, let op, let values):
            if op == .exists {
                return "\(field) exists"
            }
            let written = values.map(Self.quotedIfNeeded)
            if op.takesList {
                return "\(field) \(op.rawValue) (\(written.joined(separator: ", ")))"
            }
            return "\(field) \(op.rawValue) \(written.joined(separator: " "))"
        }
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { " \t\"',()".contains($0) }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
