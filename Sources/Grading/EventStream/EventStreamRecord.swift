/// One line of Swift Testing's JSON event stream (schema version 0), as written by
/// `swift test --event-stream-output-path FILE --event-stream-version 0`.
///
/// Only the fields the grader reads are decoded; the stream carries more, and fields
/// whose names start with `_` are unstable by the library's own convention, so the
/// grader uses them only for optional detail such as comments.
struct EventStreamRecord: Decodable {
    enum Kind: String, Decodable {
        case test
        case event
    }

    var version: Int
    var kind: Kind
    var test: TestDeclaration?
    var event: Event?

    private enum CodingKeys: String, CodingKey {
        case version, kind, payload
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        kind = try container.decode(Kind.self, forKey: .kind)
        switch kind {
        case .test: test = try container.decode(TestDeclaration.self, forKey: .payload)
        case .event: event = try container.decode(Event.self, forKey: .payload)
        }
    }
}

/// A suite or test function that the run discovered.
struct TestDeclaration: Decodable {
    enum Kind: String, Decodable {
        case suite
        case function
    }

    var id: String
    var kind: Kind
    var name: String
    var displayName: String?
}

/// Something that happened during the run.
struct Event: Decodable {
    /// Event kinds of schema version 0; kinds added by later versions decode as `other`.
    enum Kind: Decodable, Equatable {
        case runStarted, runEnded, testStarted, testEnded, testSkipped
        case testCaseStarted, testCaseEnded, issueRecorded
        case other(String)

        init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            switch raw {
            case "runStarted": self = .runStarted
            case "runEnded": self = .runEnded
            case "testStarted": self = .testStarted
            case "testEnded": self = .testEnded
            case "testSkipped": self = .testSkipped
            case "testCaseStarted": self = .testCaseStarted
            case "testCaseEnded": self = .testCaseEnded
            case "issueRecorded": self = .issueRecorded
            default: self = .other(raw)
            }
        }
    }

    struct Message: Decodable {
        var symbol: String
        var text: String
    }

    struct Issue: Decodable {
        var isKnown: Bool
        /// `warning` issues do not fail a test; absent in older streams, meaning `error`.
        var severity: String?
        var sourceLocation: SourceLocation?
    }

    struct SourceLocation: Decodable {
        var fileID: String
        var line: Int
    }

    struct Instant: Decodable {
        var since1970: Double
    }

    var kind: Kind
    var testID: String?
    var instant: Instant?
    var messages: [Message]
    var issue: Issue?
}
