import LabKit

/// A parser that turns a condition's text into a ``RuleCondition``, checking fields, macros, lists
/// and values as it goes.
///
/// The grammar follows Falco's filter language, from loosest to tightest binding:
///
/// ```
/// condition  = or-expr
/// or-expr    = and-expr { "or" and-expr }
/// and-expr   = not-expr { "and" not-expr }
/// not-expr   = "not" not-expr | primary
/// primary    = "(" or-expr ")" | check | macro-name
/// check      = field "exists"
///            | field ( "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" ) value
///            | field ( "contains" | "icontains" | "startswith" | "endswith" ) value
///            | field ( "in" | "pmatch" ) ( "(" [ value { "," value } ] ")" | list-name )
/// value      = word | quoted-string
/// ```
///
/// A field has a dot in its name (`proc.name`); a macro name has none (`container`). A bare word
/// inside the parentheses of `in` or `pmatch` that names a list stands for the list's items.
public struct RuleConditionParser: Sendable {
    /// The macros a condition may use.
    public var macroNames: Set<String>
    /// The lists a condition may use, with their items already resolved.
    public var lists: [String: [String]]
    /// The deepest nesting of `not` and parentheses accepted, which bounds the parser's recursion
    /// (Falco's parser has the same default of 100).
    public var maximumDepth = 100

    public init(macroNames: Set<String> = [], lists: [String: [String]] = [:]) {
        self.macroNames = macroNames
        self.lists = lists
    }

    /// Parses a condition.
    ///
    /// - Throws: ``MonitoringRuleError`` with the 1-based column of the problem and what was expected:
    ///   code `syntax` for text that does not follow the grammar, `unknownField`, `undefinedMacro`,
    ///   `undefinedList`, or `invalidValue` for a value or operator that does not fit the field.
    public func parse(_ text: String) throws -> RuleCondition {
        // TODO: Part 7 — tokenize with RuleConditionTokenizer, then parse by recursive descent, one
        // function per grammar level (or, and, not, primary, check), so that `not` binds tighter than
        // `and`, and `and` tighter than `or`. Check fields with RuntimeEventField.named, macro names
        // against macroNames, replace list names by their items, and check each value against its
        // field's kind. Every error carries the column of the token where it was found.
        throw LabKitError.notImplemented("parse a condition into a RuleCondition", part: 7)
    }
}
