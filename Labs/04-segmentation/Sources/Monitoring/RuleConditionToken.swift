/// A token of a condition: a word, a quoted string, a parenthesis, a comma or a comparison operator.
///
/// Words are not classified: whether `in` is an operator or a value, or `proc.name` a field, depends
/// on the word's place in the condition, so the parser decides. A word runs until white space, a parenthesis, a
/// comma, a quote or an operator character (`=`, `<`, `>`, and `!` before `=`), so
/// `fd.sport>=8080` is three tokens and `/etc/` one.
public struct RuleConditionToken: Sendable, Equatable, CustomStringConvertible {
    /// The kind of a token, with its text.
    public enum Kind: Sendable, Equatable {
        /// An unquoted run of characters: a field, a macro name, a keyword such as `and`, `in` or
        /// `startswith`, or a bare value such as `/etc/` or `169.254.169.254`.
        case word(String)
        /// A value in single or double quotes, with the quotes removed and escapes resolved.
        case quoted(String)
        /// One of `=`, `==`, `!=`, `<`, `<=`, `>`, `>=`.
        case comparison(String)
        /// `(`
        case leftParenthesis
        /// `)`
        case rightParenthesis
        /// `,`
        case comma
        /// The end of the condition text.
        case end
    }

    /// The kind of token, with its text.
    public var kind: Kind
    /// The 1-based column of the token's first character in the condition text, counted in
    /// characters; for ``Kind/end``, one past the last character.
    public var column: Int

    public init(_ kind: Kind, column: Int) {
        self.kind = kind
        self.column = column
    }

    /// The token as an error message quotes it, such as `'in'`, `"/etc/"` or `the end of the condition`.
    public var description: String {
        switch kind {
        case .word(let text): "'\(text)'"
        case .quoted(let text): "\"\(text)\""
        case .comparison(let text): "'\(text)'"
        case .leftParenthesis: "'('"
        case .rightParenthesis: "')'"
        case .comma: "','"
        case .end: "the end of the condition"
        }
    }

    /// The text of a word token, or `nil` for any other kind.
    public var word: String? {
        guard case .word(let text) = kind else { return nil }
        return text
    }
}
