/// A scalar node: its text exactly as the parser produced it, with its tag, style and position.
///
/// The text is not yet typed: whether `80` is a number or a string depends on the style, the tag
/// and the type it is decoded into (see ``YAMLDecoder``).
public struct YAMLScalar: Hashable, Sendable {
    /// How a scalar is written in the source, which decides how its text is typed.
    ///
    /// YAML 1.2.2 §7.3 (flow scalar styles) and §8.1 (block scalar styles).
    public enum Style: Hashable, Sendable {
        /// Unquoted, such as `port: 80`; typed by the core schema.
        case plain
        /// In single quotes, such as `'80'`; always a string unless tagged.
        case singleQuoted
        /// In double quotes with escapes, such as `"80\n"`; always a string unless tagged.
        case doubleQuoted
        /// A `|` block that keeps line breaks.
        case literal
        /// A `>` block that folds line breaks into spaces.
        case folded
    }

    /// The text after unescaping and folding, without quotes.
    public var value: String
    /// The explicit tag, expanded to its full form (`!!int` becomes `tag:yaml.org,2002:int`), or nil.
    public var tag: String?
    /// The style the scalar is written in.
    public var style: Style
    /// The position of the scalar's first character (its opening quote, when quoted).
    public var mark: YAMLNode.Mark

    public init(_ value: String, tag: String? = nil, style: Style = .plain, mark: YAMLNode.Mark) {
        self.value = value
        self.tag = tag
        self.style = style
        self.mark = mark
    }

    /// The text in double quotes for an error message, cut after 40 characters.
    var quotedForMessage: String {
        let limit = 40
        guard value.count > limit else { return "\"\(value)\"" }
        return "\"\(value.prefix(limit))…\""
    }
}
