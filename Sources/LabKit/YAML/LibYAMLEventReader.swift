import CYAML

/// One event of libyaml's event stream, copied out of libyaml's memory.
///
/// YAML 1.2.2 §3.2.2 (serialization tree): a document is a tree of nodes written as a sequence of start
/// and end events, with aliases standing for nodes that appear earlier.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String, mark: YAMLNode.Mark)
    case scalar(YAMLScalar, anchor: String?)
    case sequenceStart(anchor: String?, mark: YAMLNode.Mark)
    case sequenceEnd
    case mappingStart(anchor: String?, mark: YAMLNode.Mark)
    case mappingEnd
}

/// A libyaml event parser over a copy of the input bytes.
///
/// The reader owns the `yaml_parser_t` and the input buffer and frees both in `deinit`. Each
/// event is converted to a ``YAMLEvent`` and freed with `yaml_event_delete` before ``next()``
/// returns, on the success path and the error path alike.
///
/// Related libyaml documentation: <https://pyyaml.org/wiki/LibYAML>
final class LibYAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let isInitialized: Bool

    /// Creates a parser over the bytes, which may be UTF-8 or, with a byte order mark, UTF-16.
    init(bytes: some Collection<UInt8>) {
        input = .allocate(capacity: max(bytes.count, 1))
        let count = input.initialize(fromContentsOf: bytes)
        parser = .allocate(capacity: 1)
        isInitialized = yaml_parser_initialize(parser) == 1
        if isInitialized {
            yaml_parser_set_input_string(parser, input.baseAddress, count)
        }
    }

    deinit {
        if isInitialized {
            yaml_parser_delete(parser)
        }
        parser.deallocate()
        input.deallocate()
    }

    /// Parses and returns the next event.
    ///
    /// - Throws: ``YAMLError`` with code `syntax` and libyaml's problem and context text.
    func next() throws(YAMLError) -> YAMLEvent {
        guard isInitialized else {
            throw YAMLError(.syntax, "libyaml could not allocate a parser (out of memory)")
        }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw parserError()
        }
        defer { yaml_event_delete(&event) }
        return Self.convert(event)
    }

    // MARK: - Converting events

    private static func convert(_ event: yaml_event_t) -> YAMLEvent {
        let mark = YAMLNode.Mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT: return convertScalar(event, mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: string(event.data.sequence_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: string(event.data.mapping_start.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private static func convertScalar(_ event: yaml_event_t, mark: YAMLNode.Mark) -> YAMLEvent {
        let scalar = event.data.scalar
        let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
        let value = String(decoding: bytes, as: UTF8.self)
        let node = YAMLScalar(value, tag: string(scalar.tag), style: YAMLScalar.Style(scalar.style), mark: mark)
        return .scalar(node, anchor: string(scalar.anchor))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: - Errors

    /// Builds the error from libyaml's `problem`, `context` and marks after a failed call.
    private func parserError() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        if state.error == YAML_MEMORY_ERROR {
            return YAMLError(.syntax, "libyaml ran out of memory")
        }
        if state.error == YAML_READER_ERROR {
            return readerError(problem: problem, offset: state.problem_offset, value: state.problem_value)
        }
        let problemMark = YAMLNode.Mark(state.problem_mark)
        var context = state.context.map { String(cString: $0) }
        let contextMark = YAMLNode.Mark(state.context_mark)
        if let text = context, contextMark != problemMark {
            context = "\(text) that starts at \(contextMark)"
        }
        let hint = startsWithTab(line: problemMark.line) ? "indent with spaces, because YAML forbids tabs there" : nil
        return YAMLError(.syntax, "invalid YAML: \(problem)", at: problemMark, context: context, hint: hint)
    }

    /// Returns whether a line's indentation contains a tab, which YAML 1.2.2 §6.1 forbids.
    private func startsWithTab(line: Int) -> Bool {
        var currentLine = 1
        var index = input.startIndex
        while currentLine < line, let newline = input[index...].firstIndex(of: UInt8(ascii: "\n")) {
            currentLine += 1
            index = newline + 1
        }
        guard currentLine == line else { return false }
        let indentation = input[index...].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return indentation.contains(UInt8(ascii: "\t"))
    }

    /// Builds the error for bytes that are not valid UTF-8 or UTF-16, which libyaml reports by
    /// byte offset rather than by line and column.
    private func readerError(problem: String, offset: Int, value: Int32) -> YAMLError {
        let byte = value >= 0 ? " 0x\(String(value, radix: 16, uppercase: true)) at byte offset \(offset)" : ""
        return YAMLError(
            .syntax,
            "invalid YAML: \(problem)\(byte)",
            at: mark(ofByteOffset: offset),
            hint: "save the file as UTF-8"
        )
    }

    /// Returns the line and column of a byte offset in UTF-8 input, counting columns in scalars.
    private func mark(ofByteOffset offset: Int) -> YAMLNode.Mark {
        let prefix = input.prefix(min(offset, input.count))
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let column = prefix[lineStart...].count { $0 & 0xC0 != 0x80 } + 1
        return YAMLNode.Mark(line: line, column: column)
    }
}

extension YAMLNode.Mark {
    /// Converts libyaml's 0-based mark.
    init(_ mark: yaml_mark_t) {
        self.init(line: mark.line + 1, column: mark.column + 1)
    }
}

extension YAMLScalar.Style {
    /// Converts libyaml's scalar style; libyaml reports `YAML_ANY_SCALAR_STYLE` only to emitters.
    init(_ style: yaml_scalar_style_t) {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: self = .literal
        case YAML_FOLDED_SCALAR_STYLE: self = .folded
        default: self = .plain
        }
    }
}
