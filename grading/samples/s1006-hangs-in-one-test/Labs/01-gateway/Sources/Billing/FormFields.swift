public import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (WHATWG URL Standard §5).
public struct FormFields: Sendable {
    /// Every name–value pair in order, percent-decoded, with `+` read as a space.
    public let pairs: [(name: String, value: String)]

    /// Parses a form body; bytes that are not UTF-8 give no fields.
    public init(body: Data) {
        let text = String(bytes: body, encoding: .utf8) ?? ""
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// The value of a field that may appear at most once.
    /// - Returns: The value, or `nil` when the field is absent.
    /// - Throws: ``ValidationError`` when the field appears more than once: two values
    ///   for one field (HTTP parameter pollution) are read differently by different
    ///   frameworks, so the service accepts neither.
    public func single(_ name: String) throws -> String? {
        let values = pairs.filter { $0.name == name }.map(\.value)
        guard values.count <= 1 else {
            throw ValidationError(field: name, reason: "must appear only once")
        }
        return values.first
    }

    /// The value of a field that must appear exactly once.
    /// - Throws: ``ValidationError`` when the field is absent or repeated.
    public func required(_ name: String) throws -> String {
        guard let value = try single(name) else {
            throw ValidationError(field: name, reason: "is required")
        }
        return value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
