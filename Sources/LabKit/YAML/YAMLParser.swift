/// A parser that turns YAML text into document trees, with limits that protect against hostile input.
///
/// The parser reads libyaml's event stream (`yaml_parser_parse`) rather than libyaml's document
/// loader, so every node keeps the exact position where it starts. While it builds each tree it
/// resolves aliases, folds merge keys into their mappings and rejects duplicate keys.
///
/// ```swift
/// var parser = YAMLParser()
/// parser.maximumDepth = 64
/// let documents = try parser.parse(manifest)
/// ```
public struct YAMLParser: Sendable {
    /// The maximum nesting of sequences and mappings, counted after aliases are expanded; deeper
    /// input fails with `depthLimit`.
    ///
    /// Decoding recurses once per level, so the limit protects the stack. On macOS a secondary
    /// thread has a 512 KiB stack by default (Apple Technical Q&A QA1419). A debug build on Linux
    /// x86_64 with Swift 6.3.1 used about 3.3 KiB of stack per level to decode nested sequences:
    /// 128 levels fit in 512 KiB and 160 did not. The default of 100 leaves room for the caller's
    /// own frames and is still far deeper than configuration files and Kubernetes manifests nest.
    // NOTE: The stack cost per level depends on the decoded types' `init(from:)`, so a type with
    // large frames may need a lower limit when it decodes off the main thread.
    public var maximumDepth = 100

    /// The maximum number of nodes that alias expansion may add across one call, beyond the nodes
    /// written out in the text; more fails with `aliasLimit`.
    ///
    /// Nine levels of ten aliases each expand to a billion nodes from under a kilobyte of text (the
    /// "billion laughs" attack). The parser shares the anchored node instead of copying it, but
    /// whatever walks the tree afterwards, such as a decoder, visits every expanded node.
    public var maximumAliasedNodes = 100_000

    public init() {}

    /// Parses every document of a stream (documents are separated by `---` and ended by `...`).
    ///
    /// YAML 1.2.2 §9.2 (streams). An empty text has no documents.
    ///
    /// - Throws: ``YAMLError`` for a syntax error, a duplicate key, an undefined alias, an invalid
    ///   merge key or a broken limit.
    public func parse(_ text: String) throws(YAMLError) -> [YAMLNode] {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses every document of a stream given as bytes: UTF-8, or UTF-16 with a byte order mark.
    ///
    /// Invalid UTF-8 fails with a `syntax` error that gives the line and column of the bad byte.
    public func parse(bytes: some Collection<UInt8>) throws(YAMLError) -> [YAMLNode] {
        let reader = LibYAMLEventReader(bytes: bytes)
        var builder = YAMLTreeBuilder(maximumDepth: maximumDepth, maximumAliasedNodes: maximumAliasedNodes)
        while true {
            let event: YAMLEvent
            do {
                event = try reader.next()
            } catch {
                throw error.inDocument(builder.documents.count)
            }
            if case .streamEnd = event {
                return builder.documents
            }
            try builder.consume(event)
        }
    }

    /// Parses a text that must contain exactly one document.
    ///
    /// - Throws: ``YAMLError`` with code `documentCount` when the text has no document or several.
    public func parseSingle(_ text: String) throws(YAMLError) -> YAMLNode {
        try Self.single(of: parse(text))
    }

    /// Returns the only document, or throws `documentCount`.
    static func single(of documents: [YAMLNode]) throws(YAMLError) -> YAMLNode {
        guard let first = documents.first else {
            throw YAMLError(.documentCount, "expected one YAML document, found none", hint: "the text is empty")
        }
        guard documents.count == 1 else {
            throw YAMLError(
                .documentCount,
                "expected one YAML document, found \(documents.count)",
                at: documents[1].mark,
                hint: "remove the `---` separators or read the stream with a multi-document call"
            )
        }
        return first
    }
}

/// Entry points that parse with the default ``YAMLParser`` limits.
public enum YAML {
    /// Parses every document of a stream with the default limits.
    ///
    /// - Throws: ``YAMLError``; see ``YAMLParser/parse(_:)``.
    public static func parse(_ text: String) throws(YAMLError) -> [YAMLNode] {
        try YAMLParser().parse(text)
    }

    /// Parses a text that must contain exactly one document, with the default limits.
    ///
    /// - Throws: ``YAMLError``; code `documentCount` when the text has no document or several.
    public static func parseSingle(_ text: String) throws(YAMLError) -> YAMLNode {
        try YAMLParser().parseSingle(text)
    }
}

extension YAMLError {
    /// Returns the error with its document index set, unless it already has one.
    func inDocument(_ index: Int) -> YAMLError {
        var error = self
        error.documentIndex = error.documentIndex ?? index
        return error
    }
}
