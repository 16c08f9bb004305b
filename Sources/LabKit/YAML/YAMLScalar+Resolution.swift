/// Typing of scalar text by the YAML 1.2 core schema, with the YAML 1.1 booleans Kubernetes accepts.
///
/// YAML 1.2.2 §10.3.2 (core schema tag resolution) types a plain, untagged scalar by its text:
///
/// | text | type |
/// | --- | --- |
/// | empty, `~`, `null`, `Null`, `NULL` | null |
/// | `true`, `True`, `TRUE`, `false`, `False`, `FALSE` | bool |
/// | `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+` | int |
/// | `[-+]?(\.[0-9]+ \| [0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` (three case forms) | float |
/// | anything else | string |
///
/// A quoted or block scalar is a string unless an explicit tag sets another type.
extension YAMLScalar {
    /// A type of the YAML 1.2 core schema.
    enum CoreType {
        case null
        case bool
        case int
        case float
        case string
    }

    /// The tags of the core schema (YAML 1.2.2 §10.1 and §10.2), as libyaml expands `!!name`.
    enum CoreTag {
        static let null = "tag:yaml.org,2002:null"
        static let bool = "tag:yaml.org,2002:bool"
        static let int = "tag:yaml.org,2002:int"
        static let float = "tag:yaml.org,2002:float"
        static let string = "tag:yaml.org,2002:str"
    }

    /// The core schema type of the scalar, from its explicit tag or else from its style and text.
    // NOTE: An application tag such as `!Ref` does not change how the text is typed.
    var coreType: CoreType {
        switch tag {
        case CoreTag.string, "!": .string
        case CoreTag.null: .null
        case CoreTag.bool: .bool
        case CoreTag.int: .int
        case CoreTag.float: .float
        default: style == .plain ? Self.implicitType(of: value) : .string
        }
    }

    /// Whether the scalar means null: `~`, `null`, an empty plain value or an explicit `!!null`.
    var isNull: Bool { coreType == .null }

    private static func implicitType(of text: String) -> CoreType {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if coreBooleans[text] != nil { return .bool }
        if integerParts(of: text) != nil { return .int }
        if isCoreFloat(text) { return .float }
        return .string
    }

    // MARK: - Booleans

    private static let coreBooleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false,
    ]

    /// The YAML 1.1 boolean words (<https://yaml.org/type/bool.html>) that go-yaml v2, and so
    /// Kubernetes, reads as booleans; `y` and `n` are left out on purpose as too easy to misread.
    private static let yaml11Booleans: [String: Bool] = [
        "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
        "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
    ]

    /// Returns the boolean the text means, or nil when it is not a boolean.
    func boolValue(acceptingYAML11: Bool) -> Bool? {
        guard coreType == .bool || (coreType == .string && style == .plain && tag == nil) else { return nil }
        if let value = Self.coreBooleans[value] {
            return value
        }
        return acceptingYAML11 ? Self.yaml11Booleans[value] : nil
    }

    // MARK: - Integers

    /// The parts of a core schema integer: sign, digits and radix.
    struct IntegerParts {
        var isNegative: Bool
        var digits: Substring
        var radix: Int

        /// Whether a decimal integer has a leading zero, such as `0644`, which YAML 1.1 reads as octal.
        var hasAmbiguousLeadingZero: Bool { radix == 10 && digits.count > 1 && digits.first == "0" }
    }

    /// Splits core schema integer text into its parts, or returns nil when the text is not one.
    static func integerParts(of text: String) -> IntegerParts? {
        for (prefix, radix) in [("0x", 16), ("0o", 8)] where text.hasPrefix(prefix) {
            let digits = text.dropFirst(2)
            let isValid =
                !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isHexDigit && $0.hexDigitValue ?? 16 < radix }
            return isValid ? IntegerParts(isNegative: false, digits: digits, radix: radix) : nil
        }
        let isNegative = text.first == "-"
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return IntegerParts(isNegative: isNegative, digits: digits, radix: 10)
    }

    /// Returns the integer the text means, or nil when it is no integer or out of the type's range.
    static func integer<Integer: FixedWidthInteger>(_ type: Integer.Type, from parts: IntegerParts) -> Integer? {
        guard let magnitude = Integer.Magnitude(parts.digits, radix: parts.radix) else { return nil }
        if !parts.isNegative {
            return Integer(exactly: magnitude)
        }
        guard Integer.isSigned else { return magnitude == 0 ? 0 : nil }
        // -Integer.min has no positive counterpart, so negate through the magnitude.
        if magnitude == Integer.min.magnitude {
            return Integer.min
        }
        return Integer(exactly: magnitude).map { 0 - $0 }
    }

    // MARK: - Floats

    /// Returns whether the text is a core schema float, including `.inf` and `.nan`.
    static func isCoreFloat(_ text: String) -> Bool {
        specialFloat(text) != nil || isDecimalFloat(text)
    }

    /// Returns infinity or NaN for the core schema's special float words.
    static func specialFloat(_ text: String) -> Double? {
        let unsigned = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        if [".inf", ".Inf", ".INF"].contains(unsigned) {
            return text.first == "-" ? -.infinity : .infinity
        }
        return [".nan", ".NaN", ".NAN"].contains(text) ? .nan : nil
    }

    /// Returns whether the text matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isDecimalFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let integerDigits = rest.prefix(while: \.isASCIIDigit)
        rest = rest.dropFirst(integerDigits.count)
        var fractionDigits: Substring = ""
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(fractionDigits.count)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return false }
        return rest.isEmpty || isExponent(rest)
    }

    /// Returns whether the text matches `[eE][-+]?[0-9]+`.
    private static func isExponent(_ text: Substring) -> Bool {
        guard text.first == "e" || text.first == "E" else { return false }
        var digits = text.dropFirst()
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits 0 to 9.
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
