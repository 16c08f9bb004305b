/// A path to a field of an object, written as Kubernetes writes it: `spec.ingress[0].ports[1].endPort`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ root: String) {
        description = root
    }

    /// Returns the path to a named field below this one.
    public func child(_ name: String) -> FieldPath {
        FieldPath(description.isEmpty ? name : "\(description).\(name)")
    }

    /// Returns the path to an item of the list at this path.
    public func index(_ index: Int) -> FieldPath {
        FieldPath("\(description)[\(index)]")
    }
}

/// One reason Kubernetes rejects an object, in the form of the API server's `field.Error`.
///
/// ``description`` reads as `kubectl` prints it, such as
/// ``spec.ingress[0].ports[0].endPort: Invalid value: 70: must be greater than or equal to `port` ``.
public struct FieldError: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of error the lab's validation uses (`k8s.io/apimachinery/pkg/util/validation/field`).
    public enum Kind: String, Hashable, Sendable {
        /// A value that is present but wrong.
        case invalid = "Invalid value"
        /// A value outside a fixed set, such as a protocol other than TCP, UDP or SCTP.
        case unsupported = "Unsupported value"
        /// A value that must be present and is not.
        case required = "Required value"
        /// A value that must not be present in this combination.
        case forbidden = "Forbidden"
    }

    public var path: FieldPath
    public var kind: Kind
    /// The bad value as Kubernetes prints it (strings quoted, numbers bare), or `nil` when the
    /// error carries none (required and forbidden values).
    public var value: String?
    /// The rule the value breaks.
    public var detail: String

    public init(_ kind: Kind, _ path: FieldPath, value: String? = nil, _ detail: String) {
        self.kind = kind
        self.path = path
        self.value = value
        self.detail = detail
    }

    /// Creates the error for an invalid string value, which the message prints in quotes.
    public static func invalid(_ path: FieldPath, _ value: String, _ detail: String) -> FieldError {
        FieldError(.invalid, path, value: quoted(value), detail)
    }

    /// Creates the error for an invalid number.
    public static func invalid(_ path: FieldPath, _ value: Int, _ detail: String) -> FieldError {
        FieldError(.invalid, path, value: "\(value)", detail)
    }

    /// Creates the error for a value outside the supported set, listing the supported values.
    public static func unsupported(_ path: FieldPath, _ value: String, supported: [String]) -> FieldError {
        FieldError(
            .unsupported, path, value: quoted(value),
            "supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    public static func required(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(.required, path, detail)
    }

    public static func forbidden(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(.forbidden, path, detail)
    }

    /// Returns a string in double quotes with quotes, backslashes and control characters escaped,
    /// as Go's `%q` prints it in Kubernetes messages, so that a NUL or a newline in a value shows.
    public static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    public var description: String {
        var text = "\(path): \(kind.rawValue)"
        if let value {
            text += ": \(value)"
        }
        return detail.isEmpty ? text : "\(text): \(detail)"
    }
}
