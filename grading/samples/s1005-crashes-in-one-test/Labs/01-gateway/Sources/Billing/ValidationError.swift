/// Input that a validator rejected, with the field and the reason in words safe to show.
///
/// The reason never repeats the input, so it cannot carry an injected payload.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The form field or parameter, such as `amount_cents`.
    public var field: String
    /// A description of a valid value, such as "must be a whole number from 1 to 10000000".
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field) \(reason)" }
}
