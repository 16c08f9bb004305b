/// Folds merge keys (`<<`) into the mappings that contain them.
///
/// The merge key comes from the YAML 1.1 type repository (<https://yaml.org/type/merge.html>) and
/// is not part of YAML 1.2, but Kubernetes tooling, Docker Compose and CI systems accept it. Its
/// value is a mapping or a sequence of mappings, usually aliases. Their pairs are inserted where
/// the `<<` key is, except for keys that the mapping sets itself. Among several merged
/// mappings, the earlier one wins.
enum YAMLMergeKeys {
    /// Returns the pairs with every merge key replaced by the pairs it brings in.
    static func apply(to pairs: [YAMLNode.Pair]) throws(YAMLError) -> [YAMLNode.Pair] {
        guard pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var seen = Set(pairs.filter { !isMergeKey($0.key) }.compactMap { $0.key.scalar?.value })
        var result: [YAMLNode.Pair] = []
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            for source in try sources(of: pair.value) {
                append(source, to: &result, skipping: &seen)
            }
        }
        return result
    }

    /// Appends the merged pairs whose keys are not in `seen`, and adds their keys to it.
    private static func append(
        _ source: [YAMLNode.Pair],
        to result: inout [YAMLNode.Pair],
        skipping seen: inout Set<String>
    ) {
        for pair in source {
            if let key = pair.key.scalar?.value, !seen.insert(key).inserted {
                continue
            }
            result.append(pair)
        }
    }

    /// Returns whether a key is `<<` written plain, or explicitly tagged `!!merge`.
    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.value == "<<" else { return false }
        if let tag = scalar.tag {
            return tag == "tag:yaml.org,2002:merge"
        }
        return scalar.style == .plain
    }

    /// Returns the mappings that a merge key's value brings in, in order of precedence.
    private static func sources(of value: YAMLNode) throws(YAMLError) -> [[YAMLNode.Pair]] {
        if let pairs = value.mapping {
            return [pairs]
        }
        let mappings = value.sequence?.compactMap(\.mapping)
        guard let mappings, mappings.count == value.sequence?.count else {
            throw YAMLError(
                .invalidMerge,
                "the value of a merge key (<<) must be a mapping or a sequence of mappings, found \(value.kindDescription)",
                at: value.mark,
                hint: "merge an anchored mapping, as in `<<: *defaults`"
            )
        }
        return mappings
    }
}
