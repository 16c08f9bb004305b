/// The options and the record of keys read per mapping that one decoding call shares among its decoders.
final class YAMLDecodingState {
    /// The keys that the decoded types read from one mapping.
    final class MappingReads {
        let pairs: [YAMLNode.Pair]
        let codingPath: [any CodingKey]
        private(set) var readKeys: Set<String> = []
        private(set) var readsAllKeys = false

        init(pairs: [YAMLNode.Pair], codingPath: [any CodingKey]) {
            self.pairs = pairs
            self.codingPath = codingPath
        }

        func read(_ key: String) {
            readKeys.insert(key)
        }

        /// Records that a type asked for every key, as a dictionary does.
        func readAll() {
            readsAllKeys = true
        }
    }

    let acceptsYAML11Booleans: Bool
    let rejectsUnknownKeys: Bool
    let userInfo: [CodingUserInfoKey: Any]
    private var readsByMapping: [String: MappingReads] = [:]
    private var mappingsInOrder: [MappingReads] = []

    init(acceptsYAML11Booleans: Bool, rejectsUnknownKeys: Bool, userInfo: [CodingUserInfoKey: Any]) {
        self.acceptsYAML11Booleans = acceptsYAML11Booleans
        self.rejectsUnknownKeys = rejectsUnknownKeys
        self.userInfo = userInfo
    }

    /// Returns the record for a mapping at a coding path, or nil when unknown keys are allowed.
    ///
    /// A type may open the same mapping more than once, for example to read a discriminator
    /// first, so the record is shared by path and position.
    func reads(of pairs: [YAMLNode.Pair], at mark: YAMLNode.Mark, codingPath: [any CodingKey]) -> MappingReads? {
        guard rejectsUnknownKeys else { return nil }
        let identity = "\(YAMLCodingPath.render(codingPath))@\(mark.line):\(mark.column)"
        if let existing = readsByMapping[identity] {
            return existing
        }
        let reads = MappingReads(pairs: pairs, codingPath: codingPath)
        readsByMapping[identity] = reads
        mappingsInOrder.append(reads)
        return reads
    }

    /// Throws `unknownKey` for the first key, in source order, that no decoded type read.
    func checkUnknownKeys() throws(YAMLError) {
        let unread = mappingsInOrder.filter { !$0.readsAllKeys }.flatMap { reads in
            reads.pairs.compactMap(\.key.scalar).filter { !reads.readKeys.contains($0.value) }.map { (reads, $0) }
        }
        let first = unread.min { ($0.1.mark.line, $0.1.mark.column) < ($1.1.mark.line, $1.1.mark.column) }
        guard let (reads, key) = first else { return }
        let path = reads.codingPath + [YAMLNameKey(key.value)]
        let place = reads.codingPath.isEmpty ? "the document" : YAMLCodingPath.render(reads.codingPath)
        throw YAMLError(
            .unknownKey,
            "unknown key \(key.quotedForMessage) in \(place)",
            at: key.mark,
            codingPath: YAMLCodingPath.render(path),
            hint: Self.suggestion(for: key.value, among: reads.readKeys)
        )
    }

    /// Returns a hint that names the known key closest to a misspelt one, or else the general fix.
    private static func suggestion(for key: String, among known: Set<String>) -> String {
        let closest = known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        if let (name, _) = closest {
            return "did you mean \"\(name)\"?"
        }
        return "remove it, or check its spelling against the documented keys"
    }

    /// Returns the Levenshtein distance: the fewest insertions, deletions and substitutions
    /// of characters that turn one text into the other.
    static func editDistance(_ source: String, _ target: String) -> Int {
        let target = Array(target)
        var previous = Array(0...target.count)
        for (row, character) in source.enumerated() {
            var current = [row + 1]
            for column in target.indices {
                let substitution = previous[column] + (character == target[column] ? 0 : 1)
                current.append(min(substitution, previous[column + 1] + 1, current[column] + 1))
            }
            previous = current
        }
        return previous[target.count]
    }
}
