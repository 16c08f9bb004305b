/// A tokenizer that splits a condition's text into ``RuleConditionToken``s.
///
/// Quoted strings take single or double quotes, as in Falco's filter grammar; inside them a
/// backslash escapes the quote character or another backslash. White space separates tokens and is
/// otherwise ignored.
public struct RuleConditionTokenizer: Sendable {
    public init() {}

    /// Splits a condition into tokens, ending with one ``RuleConditionToken/Kind/end`` token.
    ///
    /// - Throws: ``MonitoringRuleError`` with code `syntax` for an unterminated quoted string or a `!`
    ///   that is not followed by `=`.
    public func tokenize(_ text: String) throws -> [RuleConditionToken] {
        let characters = Array(text)
        var tokens: [RuleConditionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if let single = Self.punctuation[character] {
                tokens.append(RuleConditionToken(single, column: column))
                index += 1
            } else if character == "\"" || character == "'" {
                let (value, next) = try quoted(characters, from: index)
                tokens.append(RuleConditionToken(.quoted(value), column: column))
                index = next
            } else if let (symbol, next) = try comparison(characters, from: index) {
                tokens.append(RuleConditionToken(.comparison(symbol), column: column))
                index = next
            } else {
                var end = index
                while end < characters.count && !Self.endsWord(characters, at: end) {
                    end += 1
                }
                tokens.append(RuleConditionToken(.word(String(characters[index..<end])), column: column))
                index = end
            }
        }
        tokens.append(RuleConditionToken(.end, column: characters.count + 1))
        return tokens
    }

    private static let punctuation: [Character: RuleConditionToken.Kind] = [
        "(": .leftParenthesis, ")": .rightParenthesis, ",": .comma,
    ]

    private static func endsWord(_ characters: [Character], at index: Int) -> Bool {
        let character = characters[index]
        if character.isWhitespace || "(),\"'=<>".contains(character) {
            return true
        }
        return character == "!" && index + 1 < characters.count && characters[index + 1] == "="
    }

    /// Reads a comparison operator at `index`, or returns `nil` when there is none.
    private func comparison(_ characters: [Character], from index: Int) throws -> (String, Int)? {
        let character = characters[index]
        let followedByEquals = index + 1 < characters.count && characters[index + 1] == "="
        switch character {
        case "=", "<", ">":
            return followedByEquals ? (String(character) + "=", index + 2) : (String(character), index + 1)
        case "!" where followedByEquals:
            return ("!=", index + 2)
        case "!":
            throw MonitoringRuleError(
                .syntax, "expected '=' after '!'", column: index + 1, hint: "write != for not-equal, or the word not")
        default:
            return nil
        }
    }

    /// Reads a quoted string that starts at `index`, returning its value and the index after it.
    private func quoted(_ characters: [Character], from index: Int) throws -> (String, Int) {
        let quote = characters[index]
        var value = ""
        var position = index + 1
        while position < characters.count {
            let character = characters[position]
            if character == "\\" && position + 1 < characters.count
                && (characters[position + 1] == quote || characters[position + 1] == "\\")
            {
                value.append(characters[position + 1])
                position += 2
            } else if character == quote {
                return (value, position + 1)
            } else {
                value.append(character)
                position += 1
            }
        }
        throw MonitoringRuleError(
            .syntax, "unterminated string: the quote \(quote) that opens it is never closed", column: index + 1)
    }
}
