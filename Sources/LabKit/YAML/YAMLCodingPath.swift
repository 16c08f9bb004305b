/// A coding key for a position in a sequence.
struct YAMLIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) {
        intValue = index
    }

    init?(intValue: Int) {
        self.intValue = intValue
    }

    init?(stringValue: String) {
        return nil
    }
}

/// A coding key for a mapping key, used for `super` and for keys that the decoded type did not declare.
struct YAMLNameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        return nil
    }
}

/// Formats coding paths as people write them and finds the node a coding path names.
enum YAMLCodingPath {
    /// Formats a path like `labs[2].parts[0].points`, quoting keys that are not plain words,
    /// such as `matchLabels["app.kubernetes.io/name"]`.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = sequenceIndex(of: key) {
                text += "[\(index)]"
            } else if isPlainWord(key.stringValue) {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            } else {
                text += "[\"\(key.stringValue)\"]"
            }
        }
        return text
    }

    /// Returns the deepest node on the path, which is the node itself when the whole path exists.
    static func deepestNode(at path: [any CodingKey], in root: YAMLNode) -> YAMLNode {
        var node = root
        for key in path {
            let next = sequenceIndex(of: key).flatMap { node[$0] } ?? node[key.stringValue]
            guard let next else { return node }
            node = next
        }
        return node
    }

    /// Returns the position a key stands for when it indexes a sequence.
    ///
    /// Foundation's decoders name such keys `Index N`, as ``YAMLIndexKey`` does.
    private static func sequenceIndex(of key: any CodingKey) -> Int? {
        guard let index = key.intValue, key.stringValue == "Index \(index)" else { return nil }
        return index
    }

    private static func isPlainWord(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
    }
}
