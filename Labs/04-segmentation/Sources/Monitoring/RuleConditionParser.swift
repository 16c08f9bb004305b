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
    /// A syntax error's summary says what was expected and quotes the token found instead, as
    /// ``RuleConditionToken/description`` prints it; its column is that token's column, which for the
    /// end of the text is one past the last character. The summaries are:
    ///
    /// - `expected a field, a macro, 'not' or '(' at the start of the condition, found …`, or
    ///   `… after 'and'` (`'or'`, `'not'`) in place of `at the start of the condition`
    /// - `expected ')' to close the '(' at column N, found …`
    /// - `expected an operator after 'proc.name', such as =, !=, in, startswith or exists, found …`
    /// - `expected a value after 'in', found …`, for any operator
    /// - `expected a value in the list that starts at column N, found …`
    /// - `expected ',' or ')' in the list that starts at column N, found …`
    /// - `expected 'and', 'or' or the end of the condition, found …`
    /// - `the condition nests 'not' and parentheses deeper than 100 levels`, at the `not` or `(`
    ///   that opens level 101
    ///
    /// An unknown field, undefined macro or undefined list is reported at the column of its name,
    /// a value that does not fit its field at the value's column, and an operator that does not fit
    /// its field at the operator's column.
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
