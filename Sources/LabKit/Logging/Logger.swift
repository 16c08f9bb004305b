public import Foundation
import Synchronization

/// A small structured logger that components accept as a parameter.
///
/// There is no global logger: a component that logs takes a `Logger` in its initializer,
/// and a test passes one backed by a ``LogCapture`` to assert on what was logged.
/// Never log a secret (an API key, a password, a token); log an identifier instead.
public struct Logger: Sendable {
    /// A severity, ordered from the most verbose to the most severe.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// One logged event.
    public struct Record: Sendable {
        public var date: Date
        public var level: Level
        public var label: String
        public var message: String
        public var metadata: [String: String]
    }

    /// Where records go: standard error, a capture, or anything else.
    public typealias Sink = @Sendable (Record) -> Void

    /// The component's name, printed with every record (for example `gateway`).
    public var label: String
    /// Records below this level are dropped before they reach the sink.
    public var level: Level
    /// Key–value pairs added to every record, such as a request id.
    public var metadata: [String: String]
    private let sink: Sink

    public init(label: String, level: Level = .info, metadata: [String: String] = [:], sink: @escaping Sink) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    /// A logger that writes one line per record to standard error.
    public static func standardError(label: String, level: Level = .info) -> Logger {
        Logger(label: label, level: level) { record in
            FileHandle.standardError.write(Data((record.formatted + "\n").utf8))
        }
    }

    /// A logger that drops everything.
    public static var disabled: Logger {
        Logger(label: "disabled", level: .error) { _ in }
    }

    /// Returns a copy whose records carry extra metadata.
    public func with(metadata extra: [String: String]) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// Logs a message if `level` is at or above the logger's level.
    public func log(
        _ level: Level,
        _ message: @autoclosure () -> String,
        metadata extra: [String: String] = [:]
    ) {
        guard level >= self.level else { return }
        let merged = metadata.merging(extra) { _, new in new }
        sink(Record(date: Date(), level: level, label: label, message: message(), metadata: merged))
    }

    public func trace(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.trace, message(), metadata: metadata)
    }

    public func debug(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.debug, message(), metadata: metadata)
    }

    public func info(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.info, message(), metadata: metadata)
    }

    public func notice(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.notice, message(), metadata: metadata)
    }

    public func warning(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.warning, message(), metadata: metadata)
    }

    public func error(_ message: @autoclosure () -> String, metadata: [String: String] = [:]) {
        log(.error, message(), metadata: metadata)
    }
}

extension Logger.Record {
    /// The record as one line: `2026-01-01T00:00:00Z info gateway: started port=8080`.
    public var formatted: String {
        let time = date.formatted(.iso8601)
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let suffix = pairs.isEmpty ? "" : " " + pairs.joined(separator: " ")
        return "\(time) \(level) \(label): \(message)\(suffix)"
    }
}

/// Collects log records in memory so that tests can assert on them.
///
/// ```swift
/// let capture = LogCapture()
/// let gateway = Gateway(..., logger: capture.logger(label: "gateway"))
/// #expect(capture.records.contains { $0.message.contains("request-id") })
/// ```
public final class LogCapture: Sendable {
    private let stored = Mutex<[Logger.Record]>([])

    public init() {}

    /// Every record logged so far, oldest first.
    public var records: [Logger.Record] {
        stored.withLock { $0 }
    }

    /// Returns a logger whose records are kept by this capture.
    public func logger(label: String, level: Logger.Level = .trace) -> Logger {
        Logger(label: label, level: level) { record in
            self.stored.withLock { $0.append(record) }
        }
    }

    /// The records' formatted lines joined by newlines, for searching in one string.
    public var text: String {
        records.map(\.formatted).joined(separator: "\n")
    }
}
