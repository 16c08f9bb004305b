public import Foundation

/// A decoder for runtime events stored as JSON lines, one event per line, so that a captured
/// stream can be replayed through the engine.
///
/// Each line is one JSON object with the keys of ``RuntimeEvent``:
///
/// ```json
/// {"time": "2027-03-01T10:15:02.250Z", "type": "execve",
///  "process": {"name": "bash", "exe": "/bin/bash", "args": ["-i"], "pid": 4211,
///              "parent": "runc", "ppid": 4200, "user": "root", "uid": 0},
///  "container": {"id": "3f2a9c1b7e44", "name": "web", "image": "registry.example/shop/web:1.4",
///                "pod": "web-7d9f", "namespace": "shop"}}
/// ```
///
/// An open event adds `"file": {"path": "/etc/passwd", "flags": ["O_WRONLY"]}`, and a connect
/// event adds `"connection": {"proto": "tcp", "cip": "10.1.4.7", "cport": 41822,
/// "sip": "169.254.169.254", "sport": 80}`. A line without `container` is a process on the host.
/// Blank lines and lines starting with `#` are skipped.
public struct RuntimeEventDecoder: Sendable {
    public init() {}

    /// Decodes every event of a JSON-lines text, in order.
    ///
    /// - Throws: ``RuntimeEventDecodingError`` naming the first bad line, and what is wrong with it.
    public func decode(jsonLines text: String) throws -> [RuntimeEvent] {
        var events: [RuntimeEvent] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                continue
            }
            events.append(try decode(line: trimmed, number: lineNumber))
        }
        return events
    }

    /// Reads a JSON-lines file and decodes its events.
    ///
    /// - Throws: ``RuntimeEventDecodingError`` for a file that cannot be read or a bad line.
    public func decode(contentsOf url: URL) throws -> [RuntimeEvent] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RuntimeEventDecodingError(line: 0, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(jsonLines: String(decoding: data, as: UTF8.self))
    }

    private func decode(line: String, number: Int) throws -> RuntimeEvent {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.parseTime(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "\"\(text)\" is not an ISO 8601 time such as 2027-03-01T10:15:02.250Z"))
            }
            return date
        }
        let event: RuntimeEvent
        do {
            event = try decoder.decode(RuntimeEvent.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw RuntimeEventDecodingError(line: number, message: Self.describe(error))
        }
        try validate(event, line: number)
        return event
    }

    private func validate(_ event: RuntimeEvent, line: Int) throws {
        if event.type.isOpen && event.file == nil {
            throw RuntimeEventDecodingError(line: line, message: "a \(event.type) event needs a \"file\" object")
        }
        if event.type == .connect && event.connection == nil {
            throw RuntimeEventDecodingError(line: line, message: "a connect event needs a \"connection\" object")
        }
        for flag in event.file?.flags ?? [] where !RuntimeEventFile.knownFlags.contains(flag) {
            throw RuntimeEventDecodingError(
                line: line,
                message: "unknown open flag \"\(flag)\"; use the open(2) names, such as O_WRONLY or O_CREAT")
        }
    }

    static func parseTime(_ text: String) -> Date? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let withoutFraction = Date.ISO8601FormatStyle()
        return (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the event" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" in \(path(context))"
        case .typeMismatch(let type, let context):
            return "\(path(context)) must be \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must be \(type), found null"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.localizedDescription
            return "invalid JSON in \(path(context)): \(underlying ?? context.debugDescription)"
        @unknown default:
            return "invalid event: \(error)"
        }
    }
}

/// An error from decoding a JSON-lines event stream: the line and what is wrong with it.
public struct RuntimeEventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number, or 0 when the file could not be read.
    public var line: Int
    /// A description of the problem, naming the key or value.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "line \(line): \(message)" : message
    }
}
