public import LabKit

/// An error in a rules file: bad YAML, a bad item, or a condition or output that does not compile.
///
/// Compare errors by ``code``, because the message is for people. The message names the item and
/// key, then the problem and where it is, as in
/// `rule "Shell in container": condition: expected a value after 'in', found the end of the condition
/// at column 31 (item at line 40, column 3)`.
public struct MonitoringRuleError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking code that
    /// switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The file is not valid YAML; the message has the line and column.
        public static let yaml = Code("yaml")
        /// An item is not a list, macro or rule with the keys and value types the format requires.
        public static let invalidItem = Code("invalidItem")
        /// A condition does not follow the grammar, such as a missing value or parenthesis.
        public static let syntax = Code("syntax")
        /// A condition or output names a field that does not exist, such as `proc.nam`.
        public static let unknownField = Code("unknownField")
        /// A condition names a macro that no item defines.
        public static let undefinedMacro = Code("undefinedMacro")
        /// A condition names a list, after `in` or `pmatch` without parentheses, that no item defines.
        public static let undefinedList = Code("undefinedList")
        /// A value does not fit its field or operator, such as `proc.pid = abc` or `fd.sport < http`.
        public static let invalidValue = Code("invalidValue")
        /// A priority is not one of `EMERGENCY`, `ALERT`, `CRITICAL`, `ERROR`, `WARNING`, `NOTICE`,
        /// `INFORMATIONAL` or `DEBUG`.
        public static let unknownPriority = Code("unknownPriority")
        /// An item sets `append: true` (or only `enabled`) but no earlier item has its name.
        public static let appendWithoutDefinition = Code("appendWithoutDefinition")
        /// Macros or lists refer to each other in a cycle, such as a macro that uses itself.
        public static let circularReference = Code("circularReference")
        /// A condition nests deeper than the rule set allows once its macros are expanded.
        public static let depthLimit = Code("depthLimit")
    }

    /// The kind of failure.
    public var code: Code
    /// The problem, without the item or the position, such as `expected a value after 'in'`.
    public var summary: String
    /// The item the problem is in, such as `rule "Shell in container"` or `macro "container"`.
    public var item: String?
    /// The key of the item, such as `condition` or `output`.
    public var key: String?
    /// The 1-based column in the condition or output text, counted in characters.
    public var column: Int?
    /// The position of the item in the rules file, or of the bad value when ``column`` is `nil`.
    public var mark: YAMLNode.Mark?
    /// The change that would fix the problem, when one is obvious.
    public var hint: String?

    public init(
        _ code: Code,
        _ summary: String,
        item: String? = nil,
        key: String? = nil,
        column: Int? = nil,
        mark: YAMLNode.Mark? = nil,
        hint: String? = nil
    ) {
        self.code = code
        self.summary = summary
        self.item = item
        self.key = key
        self.column = column
        self.mark = mark
        self.hint = hint
    }

    /// The full sentence: item, key, problem, column, line and hint.
    public var message: String {
        var text = [item, key].compactMap { $0 }.map { "\($0): " }.joined() + summary
        if let column {
            text += " at column \(column)"
        }
        if let mark {
            text += column == nil ? " at \(mark)" : " (item at \(mark))"
        }
        if let hint {
            text += "; \(hint)"
        }
        return text
    }

    public var description: String { message }

    /// Returns the error with the item, key and position filled in where they are still unknown.
    ///
    /// A condition parser has the column but not the rule it parses, so the code that compiles a
    /// rule adds the rest.
    public func located(item: String, key: String? = nil, mark: YAMLNode.Mark? = nil) -> MonitoringRuleError {
        var error = self
        error.item = error.item ?? item
        error.key = error.key ?? key
        error.mark = error.mark ?? mark
        return error
    }
}
