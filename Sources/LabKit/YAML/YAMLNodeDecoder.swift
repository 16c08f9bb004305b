import Foundation

/// The `Decoder` for one node; it is also the node's single-value container.
///
/// Errors are thrown as `DecodingError`, as every `Decoder` does, so that a type's own
/// `init(from:)` can catch them. The error's `underlyingError` is a ``YAMLError`` with the
/// position and the message, which ``YAMLDecoder`` rethrows.
struct YAMLNodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let state: YAMLDecodingState

    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    /// The coding path as people write it, or `the document` at the root.
    var place: String {
        codingPath.isEmpty ? "the document" : YAMLCodingPath.render(codingPath)
    }

    /// Returns the decoder for a child node.
    func child(_ node: YAMLNode, key: any CodingKey) -> YAMLNodeDecoder {
        YAMLNodeDecoder(node: node, codingPath: codingPath + [key], state: state)
    }

    // MARK: - Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs, let mark) = node else {
            throw mismatch([String: String].self, expected: "a mapping", hint: emptyHint("{}"))
        }
        let reads = state.reads(of: pairs, at: mark, codingPath: codingPath)
        return KeyedDecodingContainer(YAMLKeyedContainer<Key>(decoder: self, pairs: pairs, mark: mark, reads: reads))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items, let mark) = node else {
            throw mismatch([String].self, expected: "a sequence", hint: emptyHint("[]"))
        }
        return YAMLUnkeyedContainer(decoder: self, items: items, mark: mark)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    // MARK: - Errors

    /// Returns the error for a node of the wrong kind, naming what was expected and what was found.
    func mismatch(_ type: Any.Type, expected: String, hint: String? = nil) -> DecodingError {
        let summary = "expected \(expected) for \(place), found \(foundDescription)"
        let error = YAMLError(
            .typeMismatch, summary, at: node.mark, codingPath: YAMLCodingPath.render(codingPath), hint: hint)
        let context = DecodingError.Context(
            codingPath: codingPath, debugDescription: error.message, underlyingError: error)
        return node.scalar?.isNull == true ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }

    /// Returns the error for a value of the right kind that cannot be used.
    func invalidValue(_ summary: String, hint: String? = nil) -> DecodingError {
        let error = YAMLError(
            .invalidValue, summary, at: node.mark, codingPath: YAMLCodingPath.render(codingPath), hint: hint)
        return .dataCorrupted(
            DecodingError.Context(codingPath: codingPath, debugDescription: error.message, underlyingError: error))
    }

    private var foundDescription: String {
        guard let scalar = node.scalar, scalar.isNull else { return node.kindDescription }
        return scalar.value.isEmpty ? "an empty value" : "null"
    }

    /// Suggests the literal for an empty collection when the value is missing.
    private func emptyHint(_ literal: String) -> String? {
        node.scalar?.isNull == true ? "write \(literal) for an empty one" : nil
    }
}
