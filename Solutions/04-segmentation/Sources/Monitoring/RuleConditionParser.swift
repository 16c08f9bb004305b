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
        var state = ParseState(tokens: try RuleConditionTokenizer().tokenize(text), parser: self)
        let condition = try state.parseOr()
        guard case .end = state.current.kind else {
            throw state.error("expected 'and', 'or' or the end of the condition, found \(state.current)")
        }
        return condition
    }
}

/// The position in the token stream while one condition is parsed.
private struct ParseState {
    let tokens: [RuleConditionToken]
    let parser: RuleConditionParser
    var index = 0
    var depth = 0

    init(tokens: [RuleConditionToken], parser: RuleConditionParser) {
        self.tokens = tokens
        self.parser = parser
    }

    var current: RuleConditionToken { tokens[index] }

    mutating func advance() -> RuleConditionToken {
        let token = tokens[index]
        if index < tokens.count - 1 {
            index += 1
        }
        return token
    }

    func error(
        _ summary: String, code: MonitoringRuleError.Code = .syntax, at token: RuleConditionToken? = nil,
        hint: String? = nil
    ) -> MonitoringRuleError {
        MonitoringRuleError(code, summary, column: (token ?? current).column, hint: hint)
    }

    // MARK: - Boolean structure

    mutating func parseOr() throws -> RuleCondition {
        var condition = try parseAnd(after: nil)
        while current.word == "or" {
            let keyword = advance()
            condition = .or(condition, try parseAnd(after: keyword))
        }
        return condition
    }

    /// Parses an and-expression; `keyword` is the `or` before it, for error messages.
    mutating func parseAnd(after keyword: RuleConditionToken?) throws -> RuleCondition {
        var condition = try parseNot(after: keyword)
        while current.word == "and" {
            let keyword = advance()
            condition = .and(condition, try parseNot(after: keyword))
        }
        return condition
    }

    mutating func parseNot(after keyword: RuleConditionToken?) throws -> RuleCondition {
        guard current.word == "not" else {
            return try parsePrimary(after: keyword)
        }
        let not = advance()
        return .not(try nested(at: not) { try $0.parseNot(after: not) })
    }

    mutating func parsePrimary(after keyword: RuleConditionToken?) throws -> RuleCondition {
        switch current.kind {
        case .leftParenthesis:
            let open = advance()
            let condition = try nested(at: open) { try $0.parseOr() }
            guard case .rightParenthesis = current.kind else {
                throw error("expected ')' to close the '(' at column \(open.column), found \(current)")
            }
            _ = advance()
            return condition
        case .word(let word) where !["and", "or", "not"].contains(word):
            return try parseCheck()
        default:
            let place = keyword.map { "after \($0)" } ?? "at the start of the condition"
            throw error("expected a field, a macro, 'not' or '(' \(place), found \(current)")
        }
    }

    /// Runs a step one level deeper, rejecting nesting beyond the parser's maximum depth at `token`,
    /// the `not` or `(` that opens the level.
    mutating func nested(
        at token: RuleConditionToken, _ step: (inout ParseState) throws -> RuleCondition
    ) throws -> RuleCondition {
        depth += 1
        defer { depth -= 1 }
        guard depth <= parser.maximumDepth else {
            throw error(
                "the condition nests 'not' and parentheses deeper than \(parser.maximumDepth) levels", at: token)
        }
        return try step(&self)
    }

    // MARK: - Checks

    mutating func parseCheck() throws -> RuleCondition {
        let nameToken = advance()
        let name = nameToken.word ?? ""
        let operatorFollows = operatorAtCurrent() != nil
        guard name.contains(".") || operatorFollows else {
            return try macro(name, at: nameToken)
        }
        guard let field = RuntimeEventField.named(name) else {
            throw error("unknown field '\(name)'", code: .unknownField, at: nameToken)
        }
        guard let op = operatorAtCurrent() else {
            throw error(
                "expected an operator after '\(name)', such as =, !=, in, startswith or exists, found \(current)")
        }
        let operatorToken = advance()
        try checkOperator(op, appliesTo: field, at: operatorToken)
        let values = try parseValues(for: op, after: operatorToken)
        for (value, token) in values {
            try checkValue(value, of: field, at: token)
        }
        return .check(field: name, operator: op, values: values.map(\.0))
    }

    func macro(_ name: String, at token: RuleConditionToken) throws -> RuleCondition {
        let isIdentifier =
            name.first?.isLetter == true && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard isIdentifier else {
            throw error("expected a field, a macro, 'not' or '(', found \(token)", at: token)
        }
        guard parser.macroNames.contains(name) else {
            throw error("undefined macro '\(name)'", code: .undefinedMacro, at: token)
        }
        return .macro(name)
    }

    func operatorAtCurrent() -> RuleConditionOperator? {
        switch current.kind {
        case .comparison(let symbol): RuleConditionOperator(token: symbol)
        case .word(let word): RuleConditionOperator(token: word)
        default: nil
        }
    }

    /// Parses what follows an operator, returning each value with the token it comes from.
    mutating func parseValues(
        for op: RuleConditionOperator, after operatorToken: RuleConditionToken
    ) throws -> [(String, RuleConditionToken)] {
        if op == .exists {
            return []
        }
        if op.takesList {
            return try parseList(after: operatorToken)
        }
        switch current.kind {
        case .word(let value), .quoted(let value):
            return [(value, advance())]
        default:
            throw error("expected a value after \(operatorToken), found \(current)")
        }
    }

    /// Parses `( value, ... )` or a bare list name, with list names replaced by their items.
    mutating func parseList(after operatorToken: RuleConditionToken) throws -> [(String, RuleConditionToken)] {
        if case .word(let name) = current.kind {
            let token = advance()
            guard let items = parser.lists[name] else {
                throw error(
                    "undefined list '\(name)'", code: .undefinedList, at: token,
                    hint: "write the values in parentheses, or define the list")
            }
            return items.map { ($0, token) }
        }
        guard case .leftParenthesis = current.kind else {
            throw error("expected a value after \(operatorToken), found \(current)")
        }
        let open = advance()
        var values: [(String, RuleConditionToken)] = []
        if case .rightParenthesis = current.kind {
            _ = advance()
            return values
        }
        while true {
            switch current.kind {
            case .word(let value):
                let token = advance()
                values += (parser.lists[value] ?? [value]).map { ($0, token) }
            case .quoted(let value):
                values.append((value, advance()))
            default:
                throw error("expected a value in the list that starts at column \(open.column), found \(current)")
            }
            switch current.kind {
            case .comma:
                _ = advance()
            case .rightParenthesis:
                _ = advance()
                return values
            default:
                throw error(
                    "expected ',' or ')' in the list that starts at column \(open.column), found \(current)")
            }
        }
    }

    // MARK: - Types

    func checkOperator(
        _ op: RuleConditionOperator, appliesTo field: RuntimeEventField, at token: RuleConditionToken
    ) throws {
        if op.isOrdering && field.kind != .number {
            throw error(
                "operator '\(op.rawValue)' compares numbers, but \(field.name) is \(Self.phrase(for: field.kind))",
                code: .invalidValue, at: token)
        }
        if op.isTextMatch && field.kind != .text {
            throw error(
                "operator '\(op.rawValue)' matches text, but \(field.name) is \(Self.phrase(for: field.kind))",
                code: .invalidValue, at: token)
        }
    }

    static func phrase(for kind: RuntimeEventField.Kind) -> String {
        switch kind {
        case .text: "text"
        case .number: "a number"
        case .boolean: "true or false"
        }
    }

    func checkValue(_ value: String, of field: RuntimeEventField, at token: RuleConditionToken) throws {
        switch field.kind {
        case .text:
            return
        case .number where RuleCondition.number(from: value) == nil:
            throw error("\(field.name) is a number, so '\(value)' cannot match it", code: .invalidValue, at: token)
        case .boolean where RuleCondition.boolean(from: value) == nil:
            throw error("\(field.name) is true or false, so '\(value)' cannot match it", code: .invalidValue, at: token)
        default:
            return
        }
    }
}
