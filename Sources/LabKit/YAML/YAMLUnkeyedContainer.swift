/// An unkeyed container over a sequence's items.
///
/// The current index moves only after an item decodes, so a type may try one type and then
/// another at the same position.
struct YAMLUnkeyedContainer: UnkeyedDecodingContainer {
    private let decoder: YAMLNodeDecoder
    private let items: [YAMLNode]
    private let mark: YAMLNode.Mark
    private(set) var currentIndex = 0

    init(decoder: YAMLNodeDecoder, items: [YAMLNode], mark: YAMLNode.Mark) {
        self.decoder = decoder
        self.items = items
        self.mark = mark
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard try current().decodeNil() else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeNext { try $0.decode(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext { try $0.decode(type) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeNext { try $0.decode(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decodeNext { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try decodeNext { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try decodeNext { $0 }
    }

    /// Decodes the current item and moves past it only when decoding succeeds.
    private mutating func decodeNext<T>(_ body: (YAMLNodeDecoder) throws -> T) throws -> T {
        let value = try body(current())
        currentIndex += 1
        return value
    }

    /// Returns the decoder for the current item, or throws `valueNotFound` past the end.
    private func current() throws -> YAMLNodeDecoder {
        guard !isAtEnd else {
            let error = YAMLError(
                .typeMismatch,
                "expected more items in \(decoder.place), which has only \(items.count)",
                at: mark,
                codingPath: YAMLCodingPath.render(codingPath + [YAMLIndexKey(currentIndex)])
            )
            let context = DecodingError.Context(
                codingPath: codingPath + [YAMLIndexKey(currentIndex)], debugDescription: error.message,
                underlyingError: error)
            throw DecodingError.valueNotFound(Any.self, context)
        }
        return decoder.child(items[currentIndex], key: YAMLIndexKey(currentIndex))
    }
}
