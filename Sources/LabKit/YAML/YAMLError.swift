/// An error found while parsing or decoding YAML, with the position and coding path of the bad value.
///
/// Compare errors by ``code``, because the message is for people and its wording may change:
///
/// ```swift
/// let error = #expect(throws: YAMLError.self) { try YAMLDecoder().decode(Course.self, from: text) }
/// #expect(error?.code == .typeMismatch)
/// ```
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking code that
    /// switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The text is not well-formed YAML, as reported by libyaml.
        public static let syntax = Code("syntax")
        /// A value has the wrong kind for the type it is decoded into, such as `"ten"` for an `Int`.
        public static let typeMismatch = Code("typeMismatch")
        /// A value has the right kind but cannot be used, such as a timestamp with a month of 13.
        public static let invalidValue = Code("invalidValue")
        /// A mapping lacks a key that the decoded type requires.
        public static let missingKey = Code("missingKey")
        /// A mapping has a key that the decoded type does not read, and the decoder rejects unknown keys.
        public static let unknownKey = Code("unknownKey")
        /// A mapping has the same key twice.
        public static let duplicateKey = Code("duplicateKey")
        /// An alias names an anchor that is not defined before it.
        public static let undefinedAlias = Code("undefinedAlias")
        /// Expanding aliases would produce more nodes than the parser's limit allows.
        public static let aliasLimit = Code("aliasLimit")
        /// Sequences and mappings are nested deeper than the parser's limit allows.
        public static let depthLimit = Code("depthLimit")
        /// A merge key (`<<`) has a value other than a mapping or a sequence of mappings.
        public static let invalidMerge = Code("invalidMerge")
        /// The text has no document, or several where exactly one is expected.
        public static let documentCount = Code("documentCount")
    }

    /// The kind of failure.
    public var code: Code
    /// The problem, naming the value and its coding path, without the position.
    public var summary: String
    /// The position of the problem in the source text, when it is known.
    public var mark: YAMLNode.Mark?
    /// The coding path of the bad value, such as `labs[2].parts[0].points`, or empty at the root.
    public var codingPath: String
    /// The construct the parser was reading when it failed, such as libyaml's `while parsing a block
    /// mapping that starts at line 2, column 3`, for syntax errors.
    public var context: String?
    /// The change that would fix the input, when one is obvious.
    public var hint: String?
    /// The index of the document in a multi-document stream, starting at 0, when it is known.
    public var documentIndex: Int?

    public init(
        _ code: Code,
        _ summary: String,
        at mark: YAMLNode.Mark? = nil,
        codingPath: String = "",
        context: String? = nil,
        hint: String? = nil,
        documentIndex: Int? = nil
    ) {
        self.code = code
        self.summary = summary
        self.mark = mark
        self.codingPath = codingPath
        self.context = context
        self.hint = hint
        self.documentIndex = documentIndex
    }

    /// The full sentence: the summary, the line and column, the context, the document after the
    /// first, and the hint.
    ///
    /// Lines count from the start of the whole stream, so the document is named only as a help.
    ///
    /// For example: `expected a whole number for labs[2].parts[0].points, found "ten" at line 14,
    /// column 15; remove the quotes so that it reads as a number`.
    public var message: String {
        var text = summary
        if let mark {
            text += " at \(mark)"
        }
        if let context {
            text += ", \(context)"
        }
        if let documentIndex, documentIndex > 0 {
            text += " in document \(documentIndex + 1)"
        }
        if let hint {
            text += "; \(hint)"
        }
        return text
    }

    public var description: String { message }
}
