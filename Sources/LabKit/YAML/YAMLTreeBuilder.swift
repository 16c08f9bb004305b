/// Builds document trees from libyaml events without recursion, so nesting depth costs heap, not stack.
///
/// The builder keeps a stack of open sequences and mappings. When one closes, it becomes a child
/// of the collection below it, or the document's root. Along the way it enforces the parser's
/// limits, resolves aliases and merge keys, and rejects duplicate keys.
struct YAMLTreeBuilder {
    /// A finished node, the number of nodes in it once aliases are expanded, and its height:
    /// 0 for a scalar, and one more than its highest child for a collection.
    private struct Built {
        var node: YAMLNode
        var size: Int
        var height = 0
    }

    /// A sequence or mapping whose end event has not arrived yet.
    private struct OpenCollection {
        var isMapping: Bool
        var anchor: String?
        var mark: YAMLNode.Mark
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        var keyMarks: [String: YAMLNode.Mark] = [:]
        var size = 1
        var height = 1
    }

    private let maximumDepth: Int
    private let maximumAliasedNodes: Int
    private(set) var documents: [YAMLNode] = []
    private var anchors: [String: Built] = [:]
    private var stack: [OpenCollection] = []
    private var root: YAMLNode?
    private var aliasedNodes = 0

    init(maximumDepth: Int, maximumAliasedNodes: Int) {
        self.maximumDepth = maximumDepth
        self.maximumAliasedNodes = maximumAliasedNodes
    }

    /// Applies one event to the tree under construction.
    mutating func consume(_ event: YAMLEvent) throws(YAMLError) {
        do {
            try apply(event)
        } catch {
            throw error.inDocument(documents.count)
        }
    }

    private mutating func apply(_ event: YAMLEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart:
            // Documents of a stream are independent (YAML 1.2.2 §9.2), so anchors do not carry over.
            anchors = [:]
            root = nil
        case .documentEnd:
            if let root {
                documents.append(root)
            }
        case .alias(let anchor, let mark):
            let built = try resolveAlias(anchor, at: mark)
            try checkDepth(stack.count + built.height, at: mark)
            try add(built, anchor: nil)
        case .scalar(let scalar, let anchor):
            try add(Built(node: .scalar(scalar), size: 1), anchor: anchor)
        case .sequenceStart(let anchor, let mark):
            try open(OpenCollection(isMapping: false, anchor: anchor, mark: mark))
        case .mappingStart(let anchor, let mark):
            try open(OpenCollection(isMapping: true, anchor: anchor, mark: mark))
        case .sequenceEnd, .mappingEnd:
            try close()
        }
    }

    // MARK: - Collections

    private mutating func open(_ collection: OpenCollection) throws(YAMLError) {
        try checkDepth(stack.count + 1, at: collection.mark)
        stack.append(collection)
    }

    /// Rejects a nesting depth over the limit.
    ///
    /// An alias inserts its anchored node's whole height where the alias is, so a chain of
    /// anchors could otherwise build a tree much deeper than any nesting written in the text.
    private func checkDepth(_ depth: Int, at mark: YAMLNode.Mark) throws(YAMLError) {
        guard depth > maximumDepth else { return }
        throw YAMLError(
            .depthLimit,
            "sequences and mappings are nested deeper than the limit of \(maximumDepth) levels",
            at: mark,
            hint: "flatten the document, or raise YAMLParser.maximumDepth if the depth is intended"
        )
    }

    private mutating func close() throws(YAMLError) {
        guard let collection = stack.popLast() else { return }
        let node: YAMLNode
        if collection.isMapping {
            node = .mapping(try YAMLMergeKeys.apply(to: collection.pairs), mark: collection.mark)
        } else {
            node = .sequence(collection.items, mark: collection.mark)
        }
        try add(Built(node: node, size: collection.size, height: collection.height), anchor: collection.anchor)
    }

    /// Adds a finished node to the open collection on top of the stack, or makes it the root.
    private mutating func add(_ built: Built, anchor: String?) throws(YAMLError) {
        if let anchor {
            anchors[anchor] = built
        }
        guard var top = stack.popLast() else {
            root = built.node
            return
        }
        top.size += built.size
        top.height = max(top.height, built.height + 1)
        if !top.isMapping {
            top.items.append(built.node)
        } else if let key = top.pendingKey {
            top.pairs.append((key: key, value: built.node))
            top.pendingKey = nil
        } else {
            try Self.recordKey(built.node, in: &top)
            top.pendingKey = built.node
        }
        stack.append(top)
    }

    /// Rejects a scalar key that the mapping already has.
    ///
    /// YAML 1.2.2 §3.2.1.1 requires the keys of a mapping to be unique. Keys compare by their
    /// text, so `80` and `"80"` collide, as they would in a JSON object or a Swift `[String: T]`.
    // NOTE: Keys that are sequences or mappings are not checked for duplicates.
    private static func recordKey(_ key: YAMLNode, in collection: inout OpenCollection) throws(YAMLError) {
        guard let scalar = key.scalar else { return }
        if let first = collection.keyMarks[scalar.value] {
            throw YAMLError(
                .duplicateKey,
                "key \(scalar.quotedForMessage) is defined twice in a mapping, first at \(first), and again",
                at: scalar.mark,
                hint: "keep one of the two"
            )
        }
        collection.keyMarks[scalar.value] = scalar.mark
    }

    // MARK: - Aliases

    /// Returns the node that an alias names, counting its nodes against the alias limit.
    ///
    /// YAML 1.2.2 §3.2.2.2 (anchors and aliases): an alias refers to the most recent node with
    /// that anchor. A node's own anchor is registered only when the node ends, so an alias inside
    /// its own anchored node (a cycle) is undefined here.
    private mutating func resolveAlias(_ anchor: String, at mark: YAMLNode.Mark) throws(YAMLError) -> Built {
        guard let built = anchors[anchor] else {
            throw YAMLError(
                .undefinedAlias,
                "alias *\(anchor) refers to no anchor defined before it",
                at: mark,
                hint: "define &\(anchor) earlier in the same document, outside the node that contains the alias"
            )
        }
        aliasedNodes += built.size
        guard aliasedNodes <= maximumAliasedNodes else {
            throw YAMLError(
                .aliasLimit,
                "expanding alias *\(anchor) would bring the aliased nodes past the limit of \(maximumAliasedNodes)",
                at: mark,
                hint: "a document this repetitive is likely an alias bomb (\"billion laughs\"); "
                    + "raise YAMLParser.maximumAliasedNodes only for trusted input"
            )
        }
        return built
    }
}
