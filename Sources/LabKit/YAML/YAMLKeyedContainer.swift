/// A keyed container over a mapping that looks keys up by their text.
///
/// When the decoder rejects unknown keys, every key that a type requests (by `contains`, a
/// `decode` or `allKeys`) counts as read. See ``YAMLDecoder/rejectsUnknownKeys``.
struct YAMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    private let decoder: YAMLNodeDecoder
    private let pairs: [YAMLNode.Pair]
    private let mark: YAMLNode.Mark
    private let reads: YAMLDecodingState.MappingReads?
    /// The position of each scalar key's pair; keys that are collections cannot be named by a `CodingKey`.
    private let indexByKey: [String: Int]

    init(decoder: YAMLNodeDecoder, pairs: [YAMLNode.Pair], mark: YAMLNode.Mark, reads: YAMLDecodingState.MappingReads?)
    {
        self.decoder = decoder
        self.pairs = pairs
        self.mark = mark
        self.reads = reads
        var indexByKey: [String: Int] = [:]
        for (index, pair) in pairs.enumerated() {
            if let key = pair.key.scalar?.value {
                indexByKey[key] = index
            }
        }
        self.indexByKey = indexByKey
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        reads?.readAll()
        return pairs.compactMap { $0.key.scalar.flatMap { Key(stringValue: $0.value) } }
    }

    func contains(_ key: Key) -> Bool {
        reads?.read(key.stringValue)
        return indexByKey[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try child(key).decodeNil()
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(named: YAMLNameKey("super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(named: key)
    }

    /// Returns the decoder for a key's value, or for null when the key is missing, as
    /// Foundation's JSON decoder does.
    private func superDecoder(named key: any CodingKey) throws -> any Decoder {
        reads?.read(key.stringValue)
        guard let index = indexByKey[key.stringValue] else {
            return decoder.child(.scalar(YAMLScalar("", mark: mark)), key: key)
        }
        return decoder.child(pairs[index].value, key: key)
    }

    /// Returns the decoder for a key's value, or throws `keyNotFound` naming the mapping.
    private func child(_ key: Key) throws -> YAMLNodeDecoder {
        reads?.read(key.stringValue)
        guard let index = indexByKey[key.stringValue] else {
            throw missingKey(key)
        }
        return decoder.child(pairs[index].value, key: key)
    }

    private func missingKey(_ key: Key) -> DecodingError {
        let error = YAMLError(
            .missingKey,
            "missing key \"\(key.stringValue)\" in \(decoder.place)",
            at: mark,
            codingPath: YAMLCodingPath.render(codingPath + [key]),
            hint: "add \(key.stringValue): to the mapping"
        )
        let context = DecodingError.Context(
            codingPath: codingPath, debugDescription: error.message, underlyingError: error)
        return .keyNotFound(key, context)
    }
}
