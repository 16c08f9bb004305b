/// A parsed condition: checks on event fields combined with `and`, `or` and `not`.
///
/// `and` and `or` are binary and group to the left, so `a and b and c` is
/// `.and(.and(a, b), c)`. Parentheses only group and leave no node of their own.
public indirect enum RuleCondition: Sendable, Equatable {
    /// True when both operands are.
    case and(RuleCondition, RuleCondition)
    /// True when either operand is.
    case or(RuleCondition, RuleCondition)
    /// True when the operand is false.
    case not(RuleCondition)
    /// A check of one field against values, such as `proc.name in (bash, sh)`.
    case check(field: String, operator: RuleConditionOperator, values: [String])
    /// A use of a macro by name, replaced by the macro's condition when a rule set is compiled.
    case macro(String)
}

/// An operator of a field check.
///
/// The operators and their meanings follow Falco's filter syntax (`falco --list` and the libsinsp
/// filter grammar). Text comparisons are case-sensitive, except `icontains`.
public enum RuleConditionOperator: String, Sendable, CaseIterable {
    /// `=` (also written `==`): the field equals the value.
    case equal = "="
    /// `!=`: the field differs from the value. False when the event lacks the field.
    case notEqual = "!="
    /// `<`: numbers only.
    case less = "<"
    /// `<=`: numbers only.
    case lessOrEqual = "<="
    /// `>`: numbers only.
    case greater = ">"
    /// `>=`: numbers only.
    case greaterOrEqual = ">="
    /// The text contains the value.
    case contains
    /// The text contains the value, ignoring letter case.
    case icontains
    /// The text starts with the value.
    case startswith
    /// The text ends with the value.
    case endswith
    /// The field equals one of the values in parentheses, or of a list.
    case `in`
    /// The field is a path equal to, or below, one of the paths in parentheses (path match).
    case pmatch
    /// The event has the field at all; takes no value.
    case exists

    /// Whether the operator takes a parenthesized list of values rather than one value.
    public var takesList: Bool {
        self == .in || self == .pmatch
    }

    /// Whether the operator orders numbers, and so applies only to number fields.
    public var isOrdering: Bool {
        self == .less || self == .lessOrEqual || self == .greater || self == .greaterOrEqual
    }

    /// Whether the operator matches parts of text, and so applies only to text fields.
    public var isTextMatch: Bool {
        self == .contains || self == .icontains || self == .startswith || self == .endswith || self == .pmatch
    }

    /// Returns the operator a token spells, or `nil` when the text is no operator: a comparison
    /// symbol, including `==` for `=`, or one of the operator words.
    public init?(token text: String) {
        if text == "==" {
            self = .equal
            return
        }
        self.init(rawValue: text)
    }
}

// MARK: - Values

extension RuleCondition {
    /// Parses a number value: decimal with an optional sign, or hexadecimal after `0x`, as Falco's
    /// filter grammar allows; returns `nil` for anything else.
    public static func number(from text: String) -> Int64? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("0x") {
            return Int64(lowered.dropFirst(2), radix: 16)
        }
        return Int64(text)
    }

    /// Parses a boolean value, `true` or `false`; returns `nil` for anything else.
    public static func boolean(from text: String) -> Bool? {
        switch text {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
