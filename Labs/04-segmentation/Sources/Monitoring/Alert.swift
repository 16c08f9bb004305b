public import Foundation

/// An alert: a rule whose condition matched an event, with the rule's output filled in.
public struct Alert: Sendable, Equatable, CustomStringConvertible {
    /// The name of the rule that matched.
    public var rule: String
    /// The rule's priority.
    public var priority: AlertPriority
    /// The rule's output with every placeholder replaced by the event's values.
    public var output: String
    /// When the event happened.
    public var time: Date
    /// The rule's tags.
    public var tags: [String]

    public init(rule: String, priority: AlertPriority, output: String, time: Date, tags: [String] = []) {
        self.rule = rule
        self.priority = priority
        self.output = output
        self.time = time
        self.tags = tags
    }

    /// The alert as Falco prints it on standard output: time, priority, then the output, such as
    /// `2027-03-01T10:15:02.250Z: Warning Shell in container (...)`.
    public var description: String {
        "\(RuntimeEvent.formatTime(time)): \(priority) \(output)"
    }
}
