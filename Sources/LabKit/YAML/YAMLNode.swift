/// A node of a parsed YAML document: a scalar, a sequence or a mapping.
///
/// Aliases are already resolved, so a node that an alias refers to appears at every place that
/// names it, and merge keys (`<<`) are already folded into their mappings. Every node carries the
/// position where it starts in the source text.
///
/// YAML 1.2.2 §3.2.1 (representation graph) defines the three node kinds.
public enum YAMLNode: Sendable {
    /// A key and its value in a mapping.
    public typealias Pair = (key: YAMLNode, value: YAMLNode)

    /// A scalar: its text, tag, style and position.
    case scalar(YAMLScalar)
    /// A sequence of nodes, in source order, with the position of its first character.
    case sequence([YAMLNode], mark: Mark)
    /// A mapping's key-value pairs, in source order, with the position of its first character.
    case mapping([Pair], mark: Mark)

    /// A position in the source text, 1-based like an editor's status bar.
    public struct Mark: Hashable, Sendable, CustomStringConvertible {
        /// The line number, starting at 1.
        public var line: Int
        /// The column, counted in Unicode scalars and starting at 1.
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "line \(line), column \(column)" }
    }
}

// MARK: - Accessors

extension YAMLNode {
    /// The position where the node starts.
    public var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark): mark
        case .mapping(_, let mark): mark
        }
    }

    /// The scalar, when the node is one.
    public var scalar: YAMLScalar? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar
    }

    /// The items, when the node is a sequence.
    public var sequence: [YAMLNode]? {
        guard case .sequence(let items, _) = self else { return nil }
        return items
    }

    /// The key-value pairs, when the node is a mapping.
    public var mapping: [Pair]? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs
    }

    /// Returns the value of the first pair whose key is a scalar with this text, when the node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    /// Returns the item at a position, when the node is a sequence that long.
    public subscript(index: Int) -> YAMLNode? {
        guard let items = sequence, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// A short description of the node for error messages, such as `"ten"` or `a mapping`.
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.quotedForMessage
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}

// MARK: - Equatable

extension YAMLNode: Equatable {
    /// Compares kind, content and marks, so two nodes are equal only when they come from the same place.
    ///
    /// Use ``hasSameContent(as:)`` to ignore where the nodes come from.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.hasSameContent(as: rhs, comparingMarks: true)
    }

    /// Returns whether two nodes have the same kind, scalars, tags and styles, wherever they come from.
    public func hasSameContent(as other: YAMLNode) -> Bool {
        hasSameContent(as: other, comparingMarks: false)
    }

    private func hasSameContent(as other: YAMLNode, comparingMarks: Bool) -> Bool {
        if comparingMarks && mark != other.mark { return false }
        switch (self, other) {
        case (.scalar(let left), .scalar(let right)):
            return left.value == right.value && left.tag == right.tag && left.style == right.style
        case (.sequence(let left, _), .sequence(let right, _)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.hasSameContent(as: $1, comparingMarks: comparingMarks) }
        case (.mapping(let left, _), .mapping(let right, _)):
            return left.count == right.count
                && zip(left, right).allSatisfy {
                    $0.key.hasSameContent(as: $1.key, comparingMarks: comparingMarks)
                        && $0.value.hasSameContent(as: $1.value, comparingMarks: comparingMarks)
                }
        default:
            return false
        }
    }
}
