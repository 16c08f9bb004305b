/// The urgency of an alert, Falco's rule priority: the syslog severities from `DEBUG` up to `EMERGENCY`.
///
/// Priorities compare by severity, so `.debug < .emergency`, and a minimum priority of `.warning`
/// keeps `.warning`, `.error`, `.critical`, `.alert` and `.emergency`.
public enum AlertPriority: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case debug
    case informational
    case notice
    case warning
    case error
    case critical
    case alert
    case emergency

    /// Parses a priority name, ignoring case as Falco does; `INFO` is accepted for `INFORMATIONAL`.
    ///
    /// Returns `nil` for any other text.
    public init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "info" {
            self = .informational
            return
        }
        guard let priority = Self.allCases.first(where: { $0.name.lowercased() == lowered }) else {
            return nil
        }
        self = priority
    }

    /// The name as rules files write it, such as `WARNING`.
    public var name: String {
        switch self {
        case .debug: "DEBUG"
        case .informational: "INFORMATIONAL"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        case .alert: "ALERT"
        case .emergency: "EMERGENCY"
        }
    }

    /// The name as Falco prints it in an alert line, such as `Warning`.
    public var description: String {
        String(name.prefix(1)) + name.dropFirst().lowercased()
    }

    public static func < (lhs: AlertPriority, rhs: AlertPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
