import LabKit

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
        // TODO: Part 7 — split the format into .text and .field segments, rejecting a placeholder
        // whose name RuntimeEventField.named does not know.
        throw LabKitError.notImplemented("parse an output format", part: 7, in: "MonitoringRuleOutput")
    }

    /// Renders the output for an event: text as is, each placeholder replaced by the field's value
    /// or ``missingValue``.
    public func render(for event: RuntimeEvent) -> String {
        // TODO: Part 7 — join the segments, replacing each field by its value or missingValue.
        ""
    }
}
