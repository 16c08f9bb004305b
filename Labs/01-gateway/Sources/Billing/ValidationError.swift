/// Input that a validator rejected: which field, and why, in words safe to show the
/// client. The reason never repeats the input, so it cannot carry an injected payload.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The form field or parameter, such as `amount_cents`.
    public var field: String
    /// What a valid value looks like, such as "must be a whole number from 1 to 10000000".
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field) \(reason)" }
}
