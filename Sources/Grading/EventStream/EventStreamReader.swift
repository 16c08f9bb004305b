public import Foundation

/// Folds Swift Testing's JSON event stream into one result per test function.
///
/// The grader reads the stream rather than the console output because the stream's
/// records are structured and the console's wording changes between releases. A test
/// passes only if it started, ended, and recorded no failing issue; a parameterized test
/// is one test that passes only when all of its cases pass.
public struct EventStreamReader: Sendable {
    /// Records kept per test beyond which further failure messages are counted, not kept.
    public var maxMessagesPerTest: Int
    /// Characters kept per message.
    public var maxMessageLength: Int

    public init(maxMessagesPerTest: Int = 20, maxMessageLength: Int = 2_000) {
        self.maxMessagesPerTest = maxMessagesPerTest
        self.maxMessageLength = maxMessageLength
    }

    /// Reads a stream file written by `swift test --event-stream-output-path`.
    /// - Throws: `GradingError` with code `.unreadableEventStream` when the file is missing.
    public func read(contentsOf url: URL) throws -> TestRunResult {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GradingError(.unreadableEventStream, "no event stream at \(url.path); did the test process start?")
        }
        return read(data)
    }

    /// Folds the stream's lines; lines that are not version-0 records are ignored.
    public func read(_ data: Data) -> TestRunResult {
        var fold = Fold(reader: self)
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let record = try? decoder.decode(EventStreamRecord.self, from: Data(line)), record.version == 0 else {
                continue
            }
            fold.apply(record)
        }
        return fold.result
    }
}

/// The mutable state of one pass over a stream.
private struct Fold {
    let reader: EventStreamReader
    var declarations: [String: TestDeclaration] = [:]
    var functionOrder: [String] = []
    var started: [String: Double] = [:]
    var ended: [String: Double] = [:]
    var skipped: Set<String> = []
    var messages: [String: [String]] = [:]
    var failed: Set<String> = []
    var sawRunEnded = false
    /// Records that Swift Testing never writes, by test id; a run-level entry uses "".
    var anomalies: [String: [String]] = [:]

    init(reader: EventStreamReader) {
        self.reader = reader
    }

    mutating func apply(_ record: EventStreamRecord) {
        if sawRunEnded {
            anomalies["", default: []].append("a record follows runEnded")
        }
        if let test = record.test {
            if declarations[test.id] == nil, test.kind == .function {
                functionOrder.append(test.id)
            }
            declarations[test.id] = test
        }
        if let event = record.event {
            apply(event)
        }
    }

    mutating func apply(_ event: Event) {
        let time = event.instant?.since1970 ?? 0
        // Swift Testing declares every test of its plan before `runStarted`, so an event
        // for an undeclared test was written by something else, such as a guessed id.
        if let id = event.testID, declarations[id] == nil {
            anomalies["", default: []].append("an event for the undeclared test \(id)")
        }
        switch event.kind {
        case .runEnded:
            sawRunEnded = true
        case .testStarted:
            if let id = event.testID {
                checkFirst(started[id] == nil, "started twice", id: id)
                started[id] = time
            }
        case .testEnded:
            if let id = event.testID {
                checkFirst(ended[id] == nil, "ended twice", id: id)
                checkFirst(started[id] != nil, "ended without starting", id: id)
                ended[id] = time
            }
        case .testSkipped:
            if let id = event.testID {
                skipped.insert(id)
                // The skip's message carries the reason (a trait's comment), worth showing.
                let reason = event.messages.map(\.text).joined(separator: "\n")
                if !reason.isEmpty, messages[id] == nil {
                    messages[id] = [String(reason.prefix(reader.maxMessageLength))]
                }
            }
        case .issueRecorded:
            recordIssue(event)
        default:
            break
        }
    }

    /// Notes an anomaly for a declared test function unless `condition` holds.
    mutating func checkFirst(_ condition: Bool, _ problem: String, id: String) {
        guard !condition else { return }
        anomalies[id, default: []].append(problem)
    }

    mutating func recordIssue(_ event: Event) {
        guard let id = event.testID, let issue = event.issue else { return }
        guard !issue.isKnown, issue.severity != "warning" else { return }
        failed.insert(id)

        var text = event.messages.map(\.text).joined(separator: "\n")
        if let location = issue.sourceLocation {
            text += " (\(location.fileID):\(location.line))"
        }
        var list = messages[id, default: []]
        if list.count < reader.maxMessagesPerTest {
            list.append(String(text.prefix(reader.maxMessageLength)))
        } else if list.count == reader.maxMessagesPerTest {
            list.append("… further failures not kept")
        }
        messages[id] = list
    }

    var result: TestRunResult {
        let runAnomalies = (anomalies[""] ?? []) + unaccountedAtRunEnd
        let tests = functionOrder.map { id in
            var test = TestResult(
                id: id,
                name: declarations[id]?.displayName ?? declarations[id]?.name ?? id,
                suites: suiteNames(enclosing: id),
                status: status(of: id),
                messages: messages[id] ?? [],
                duration: duration(of: id)
            )
            let problems = runAnomalies + (anomalies[id] ?? [])
            if !problems.isEmpty, test.status == .passed {
                test.status = .failed
                test.messages.append(
                    "the event stream for this run is not trustworthy (\(problems.joined(separator: ", "))), "
                        + "which Swift Testing never writes; the result does not count"
                )
            }
            return test
        }
        let evidence =
            unaccountedAtRunEnd
            + anomalies.sorted { $0.key < $1.key }.flatMap { id, problems in
                problems.map { id.isEmpty ? $0 : "\(id): \($0)" }
            }
        return TestRunResult(tests: tests, isComplete: sawRunEnded, anomalies: evidence)
    }

    /// Problems of a stream that claims a finished run: Swift Testing writes `runEnded`
    /// only after every test of its plan has ended or been skipped.
    var unaccountedAtRunEnd: [String] {
        guard sawRunEnded else { return [] }
        let neverStarted = functionOrder.filter { started[$0] == nil && !skipped.contains($0) }
        let neverEnded = functionOrder.filter { started[$0] != nil && ended[$0] == nil }
        var problems: [String] = []
        if !neverStarted.isEmpty {
            problems.append("runEnded before \(neverStarted.count) declared tests started, such as \(neverStarted[0])")
        }
        if !neverEnded.isEmpty {
            problems.append("runEnded while \(neverEnded.count) tests were running, such as \(neverEnded[0])")
        }
        return problems
    }

    func status(of id: String) -> TestStatus {
        if skipped.contains(id) { return .skipped }
        guard started[id] != nil else { return .notRun }
        guard ended[id] != nil else { return .crashed }
        return failed.contains(id) ? .failed : .passed
    }

    func duration(of id: String) -> Double? {
        guard let start = started[id], let end = ended[id] else { return nil }
        return max(0, end - start)
    }

    /// Display names of the suites whose ids prefix this test's id, outermost first.
    func suiteNames(enclosing id: String) -> [String] {
        var names: [String] = []
        var components = id.split(separator: "/").map(String.init)
        components.removeLast()
        // A function id ends in `name()/File.swift:line:column`: drop both when present.
        if let last = components.last, last.hasSuffix(")") { components.removeLast() }
        var prefix = ""
        for component in components {
            prefix = prefix.isEmpty ? component : prefix + "/" + component
            if let suite = declarations[prefix], suite.kind == .suite {
                names.append(suite.displayName ?? suite.name)
            }
        }
        return names
    }
}
