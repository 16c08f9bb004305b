/// A rule's output: text with `%field` placeholders that an alert fills in from the event.
///
/// A placeholder is `%` followed by a field name, the longest run of letters, digits, `_` and `.`
/// without a trailing `.`, so in `file=%fd.name.` the placeholder is `%fd.name` and the final dot is
/// text. A `%` that is not followed by a letter is text. A field the event lacks shows as `<NA>`, as
/// in Falco.
public struct MonitoringRuleOutput: Sendable, Equatable {
    /// A piece of the output: literal text or a field placeholder.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case field(String)
    }

    /// The text of a placeholder whose field the event lacks, as Falco prints it.
    public static let missingValue = "<NA>"

    /// The pieces, in order; adjacent text is one segment.
    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Splits an output format into text and placeholders, checking each field name.
    ///
    /// - Throws: ``MonitoringRuleError`` with code `unknownField` and the 1-based column of the `%`
    ///   for a placeholder that names no field.
    public init(parsing format: String) throws {
        let characters = Array(format)
        var segments: [Segment] = []
        var text = ""
        var index = 0
        while index < characters.count {
            let start = index + 1
            guard characters[index] == "%", start < characters.count, characters[start].isLetter else {
                text.append(characters[index])
                index += 1
                continue
            }
            var end = start
            while end < characters.count && Self.isFieldCharacter(characters[end]) {
                end += 1
            }
            while characters[end - 1] == "." {
                end -= 1
            }
            let name = String(characters[start..<end])
            guard RuntimeEventField.named(name) != nil else {
                throw MonitoringRuleError(.unknownField, "unknown field '\(name)' in a placeholder", column: index + 1)
            }
            if !text.isEmpty {
                segments.append(.text(text))
                text = ""
            }
            segments.append(.field(name))
            index = end
        }
        if !text.isEmpty {
            segments.append(.text(text))
        }
        self.segments = segments
    }

    /// Renders the output for an event: text as is, each placeholder replaced by the field's value
    /// or ``missingValue``.
    public func render(for event: RuntimeEvent) -> String {
        segments.map { segment in
            switch segment {
            case .text(let text):
                return text
            case .field(let name):
                let value = RuntimeEventField.named(name).flatMap { event.value(of: $0) }
                return value?.description ?? Self.missingValue
            }
        }.joined()
    }

    private static func isFieldCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == ".")
    }
}
