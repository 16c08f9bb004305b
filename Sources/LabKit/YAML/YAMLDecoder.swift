public import Foundation

/// A decoder of `Decodable` values from YAML text or parsed nodes.
///
/// Scalars are typed as in the YAML 1.2 core schema (YAML 1.2.2 §10.3.2), which is also how
/// JSON types its values, so a YAML file decodes as its JSON equivalent would:
///
/// - A plain `~`, `null` or empty value is nil for an optional and an error otherwise.
/// - Numbers: plain `80`, `0x50` and `0o120` decode into any integer type, and plain `2.5`,
///   `1e3`, `.inf` and `.nan` into `Double` or `Float`. A quoted `"80"` is a string and fails
///   as a number. A decimal with a leading zero, such as `0644`, fails because YAML 1.1 tools
///   such as Kubernetes read it as octal.
/// - Booleans: `true` and `false` in three case forms, and by default the YAML 1.1 words
///   `yes`, `no`, `on` and `off` that Kubernetes also accepts (see ``acceptsYAML11Booleans``).
/// - Strings: any scalar that is not null, with a plain scalar's text used as written.
/// - `Date`: an ISO 8601 timestamp with a time zone, such as `2027-02-14T23:59:00-05:00`
///   (a timestamp without a zone is UTC, as YAML 1.1 specifies). `URL`, `Data` (base64) and
///   `Decimal` also decode from scalars.
///
/// ```swift
/// let course = try YAMLDecoder().decode(Course.self, from: text)
/// ```
///
/// Every failure is a ``YAMLError`` that gives the line, the column and the coding path, such as
/// `expected a whole number for labs[2].parts[0].points, found "ten" at line 14, column 15`.
/// An error thrown by a type's own `init(from:)` other than a `DecodingError` propagates unchanged.
public struct YAMLDecoder: Sendable {
    /// The parser and its limits, used by the methods that take text.
    public var parser = YAMLParser()

    /// Whether a mapping key that the decoded type never reads is an error (`unknownKey`).
    ///
    /// Off by default, as in Foundation's JSON decoder. Turn it on for hand-edited configuration,
    /// where a misspelt optional key would otherwise be ignored without a word. The check runs
    /// after decoding succeeds and reports the first unread key in source order. A type that
    /// reads `allKeys`, as a dictionary does, counts as reading every key of its mapping.
    public var rejectsUnknownKeys = false

    /// Whether a `Bool` also decodes from the YAML 1.1 words `yes`, `no`, `on` and `off`, in
    /// lower, title or upper case (<https://yaml.org/type/bool.html>).
    ///
    /// On by default, because Kubernetes reads YAML with go-yaml v2, which types these words as
    /// booleans. go-yaml v2 also accepts `y` and `n`, which this decoder rejects as too easy to misread.
    public var acceptsYAML11Booleans = true

    /// Values that a type's `init(from:)` can read from `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Decodes a value from a text that contains exactly one document.
    ///
    /// - Throws: ``YAMLError``: a parsing error, `documentCount` when the text has no document or
    ///   several, or a decoding error with its position and coding path.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: YAMLParser.single(of: parser.parse(text)))
    }

    /// Decodes a value from bytes that contain exactly one document: UTF-8, or UTF-16 with a byte
    /// order mark.
    ///
    /// - Throws: ``YAMLError``; invalid UTF-8 is a `syntax` error.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: YAMLParser.single(of: parser.parse(bytes: data)))
    }

    /// Decodes one value from every document of a stream, in order.
    ///
    /// YAML 1.2.2 §9.2: documents are separated by `---`, as in a file of Kubernetes manifests.
    ///
    /// - Throws: ``YAMLError`` naming the document that failed.
    public func decodeAll<T: Decodable>(_ type: T.Type, from text: String) throws -> [T] {
        let documents = try parser.parse(text)
        var values: [T] = []
        for (index, document) in documents.enumerated() {
            do {
                values.append(try decode(type, from: document))
            } catch let error as YAMLError {
                throw error.inDocument(index)
            }
        }
        return values
    }

    /// Decodes a value from a parsed node.
    ///
    /// - Throws: ``YAMLError`` with the position and coding path of the bad value.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        let state = YAMLDecodingState(
            acceptsYAML11Booleans: acceptsYAML11Booleans,
            rejectsUnknownKeys: rejectsUnknownKeys,
            userInfo: userInfo.mapValues { $0 as Any }
        )
        let decoder = YAMLNodeDecoder(node: node, codingPath: [], state: state)
        let value: T
        do {
            value = try decoder.decode(type)
        } catch let error as DecodingError {
            throw Self.yamlError(from: error, root: node)
        }
        try state.checkUnknownKeys()
        return value
    }

    // MARK: - Errors

    /// Converts a `DecodingError` into a ``YAMLError``.
    ///
    /// Errors that this decoder raised carry their ``YAMLError`` as the underlying error. For
    /// errors that a type's own `init(from:)` raised, the position comes from the coding path.
    static func yamlError(from error: DecodingError, root: YAMLNode) -> YAMLError {
        let context: DecodingError.Context
        var path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let keyContext):
            context = keyContext
            path = keyContext.codingPath + [key]
        case .typeMismatch(_, let valueContext), .valueNotFound(_, let valueContext), .dataCorrupted(let valueContext):
            context = valueContext
            path = valueContext.codingPath
        @unknown default:
            return YAMLError(.invalidValue, "decoding failed: \(error)")
        }
        if let underlying = context.underlyingError as? YAMLError {
            return underlying
        }
        return typeError(from: error, description: context.debugDescription, path: path, root: root)
    }

    /// Builds the error for a `DecodingError` that a type raised itself.
    private static func typeError(
        from error: DecodingError,
        description: String,
        path: [any CodingKey],
        root: YAMLNode
    ) -> YAMLError {
        let node = YAMLCodingPath.deepestNode(at: path, in: root)
        let rendered = YAMLCodingPath.render(path)
        let place = rendered.isEmpty ? "the document" : rendered
        if case .keyNotFound(let key, _) = error {
            return YAMLError(
                .missingKey, "missing key \"\(key.stringValue)\" for \(place)", at: node.mark, codingPath: rendered)
        }
        let code: YAMLError.Code
        if case .dataCorrupted = error {
            code = .invalidValue
        } else {
            code = .typeMismatch
        }
        return YAMLError(code, "invalid value for \(place): \(description)", at: node.mark, codingPath: rendered)
    }
}
