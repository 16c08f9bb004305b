import Foundation
import Testing

@testable import Grading

/// Builds event-stream lines in the shape Swift Testing 6.3 writes (schema version 0).
struct StreamBuilder {
    var lines: [String] = []
    var clock = 100.0

    mutating func suite(_ id: String, _ displayName: String) {
        lines.append(
            #"{"version":0,"kind":"test","payload":{"id":"\#(id)","kind":"suite","name":"S","displayName":"\#(displayName)"}}"#
        )
    }

    mutating func function(_ id: String, _ displayName: String) {
        lines.append(
            #"{"version":0,"kind":"test","payload":{"id":"\#(id)","kind":"function","name":"f()","displayName":"\#(displayName)","isParameterized":false}}"#
        )
    }

    mutating func event(
        _ kind: String, _ testID: String? = nil, extra: String = "",
        message: String = #"{"symbol":"fail","text":"Expectation failed: 1 == 2"}"#
    ) {
        clock += 0.5
        let test = testID.map { #","testID":"\#($0)""# } ?? ""
        lines.append(
            #"{"version":0,"kind":"event","payload":{"kind":"\#(kind)","instant":{"absolute":1,"since1970":\#(clock)},"messages":[\#(message)]\#(test)\#(extra)}}"#
        )
    }

    mutating func issue(_ testID: String, known: Bool = false, severity: String? = nil) {
        let severityField = severity.map { #","severity":"\#($0)""# } ?? ""
        event(
            "issueRecorded", testID,
            extra:
                #","issue":{"isKnown":\#(known)\#(severityField),"sourceLocation":{"fileID":"M/T.swift","line":9,"column":3}}"#
        )
    }

    var data: Data { Data(lines.joined(separator: "\n").utf8) }
}

@Suite("Event stream reader")
struct EventStreamReaderTests {
    let suiteID = "GatewayTests.RouteTests"
    let inner = "GatewayTests.RouteTests/Nested"
    let pass = "GatewayTests.RouteTests/pass()/R.swift:3:4"
    let fail = "GatewayTests.RouteTests/Nested/fail()/R.swift:9:4"
    let crash = "GatewayTests.RouteTests/crash()/R.swift:12:4"
    let never = "GatewayTests.RouteTests/never()/R.swift:15:4"
    let known = "GatewayTests.RouteTests/known()/R.swift:18:4"
    let skipped = "GatewayTests.RouteTests/skipped()/R.swift:21:4"

    func declaredStream() -> StreamBuilder {
        var stream = StreamBuilder()
        stream.suite(suiteID, "Part 2 — Routes")
        stream.suite(inner, "Edge cases")
        for (id, name) in [
            (pass, "pass"), (fail, "fail"), (crash, "crash"), (never, "never"), (known, "known"), (skipped, "skipped"),
        ] {
            stream.function(id, name)
        }
        stream.event("runStarted")
        return stream
    }

    @Test("statuses folded from events")
    func statuses() throws {
        var stream = declaredStream()
        stream.event("testStarted", pass)
        stream.event("testEnded", pass)
        stream.event("testStarted", fail)
        stream.issue(fail)
        stream.event("testEnded", fail)
        stream.event("testStarted", known)
        stream.issue(known, known: true)
        stream.issue(known, severity: "warning")
        stream.event("testEnded", known)
        stream.event(
            "testSkipped", skipped, message: #"{"symbol":"skip","text":"Test \"s\" skipped: \"needs curl\""}"#)
        stream.event("testStarted", crash)
        // The process died here: no testEnded for `crash`, `never` never started, no runEnded.

        let result = EventStreamReader().read(stream.data)
        #expect(!result.isComplete, "a stream without runEnded is incomplete")
        #expect(result.test(id: pass)?.status == .passed)
        #expect(result.test(id: fail)?.status == .failed)
        #expect(result.test(id: known)?.status == .passed, "known issues and warnings do not fail a test")
        #expect(result.test(id: skipped)?.status == .skipped)
        #expect(result.test(id: skipped)?.messages == [#"Test "s" skipped: "needs curl""#], "the reason is kept")
        #expect(result.test(id: crash)?.status == .crashed, "started without ending means the process died in it")
        #expect(result.test(id: never)?.status == .notRun)
        #expect(result.tests.map(\.id) == [pass, fail, crash, never, known, skipped], "declaration order is kept")
    }

    @Test("suites and part number")
    func suitesAndPart() throws {
        var stream = declaredStream()
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        let test = try #require(result.test(id: fail))
        #expect(test.suites == ["Part 2 — Routes", "Edge cases"])
        #expect(test.part == 2)
        #expect(result.isComplete)
    }

    @Test("failure message keeps text and location")
    func failureMessage() throws {
        var stream = declaredStream()
        stream.event("testStarted", fail)
        stream.issue(fail)
        stream.event("testEnded", fail)
        let test = try #require(EventStreamReader().read(stream.data).test(id: fail))
        #expect(test.messages == ["Expectation failed: 1 == 2 (M/T.swift:9)"])
        #expect(test.duration == 1.0, "two events half a second apart")
    }

    @Test("messages capped per test")
    func messageCap() throws {
        var stream = declaredStream()
        stream.event("testStarted", fail)
        for _ in 0..<10 { stream.issue(fail) }
        stream.event("testEnded", fail)
        let reader = EventStreamReader(maxMessagesPerTest: 3, maxMessageLength: 12)
        let test = try #require(reader.read(stream.data).test(id: fail))
        #expect(test.messages.count == 4, "three kept, then one line saying more were dropped")
        #expect(test.messages[0] == "Expectation ", "each message is cut to the length limit")
    }

    @Test("garbage lines and other versions ignored")
    func garbageIgnored() {
        var stream = declaredStream()
        stream.lines.insert("not json at all", at: 0)
        stream.lines.append(#"{"version":1,"kind":"event","payload":{"kind":"runEnded","messages":[]}}"#)
        let result = EventStreamReader().read(stream.data)
        #expect(result.tests.count == 6)
        #expect(!result.isComplete, "a runEnded of another schema version must not count")
    }

    @Test(
        "part number parsed from suite names",
        arguments: [
            ("Part 1 — Routes", 1), ("Part 12: Extra", 12), ("Routes", nil), ("Partial", nil), ("Part — x", nil),
        ] as [(String, Int?)])
    func partNumber(name: String, expected: Int?) {
        #expect(TestResult.partNumber(inSuiteName: name) == expected)
    }
}

@Suite("Lab catalog")
struct LabCatalogTests {
    @Test("labs found from package dump")
    func labsFromDump() throws {
        let dump = """
            {"targets":[
              {"name":"LabKit","path":null},
              {"name":"Gateway","path":"Labs/01-gateway/Sources"},
              {"name":"GatewayTests","path":null},
              {"name":"Orphan","path":"Labs/09-orphan/Sources"},
              {"name":"JWTLifecycle","path":"Labs/02-jwt/Sources"},
              {"name":"JWTLifecycleTests"}
            ]}
            """
        let labs = try LabCatalog.labs(fromPackageDump: Data(dump.utf8))
        #expect(labs.map(\.id) == ["gateway", "jwt"], "labs without a test target are not graded")
        #expect(labs.first?.testTarget == "GatewayTests")
        #expect(try LabCatalog.lab(named: "JWTLifecycle", in: labs).id == "jwt")
        let error = #expect(throws: GradingError.self) { try LabCatalog.lab(named: "dns", in: labs) }
        #expect(error?.code == .unknownLab)
        #expect(error?.message.contains("gateway, jwt") == true, "the error lists the known labs")
    }
}

@Suite("Event stream forgery")
struct EventStreamForgeryTests {
    let test = "GatewayTests.A/f()/A.swift:3:4"

    func stream() -> StreamBuilder {
        var stream = StreamBuilder()
        stream.suite("GatewayTests.A", "Part 1 — A")
        stream.function(test, "f")
        stream.event("runStarted")
        return stream
    }

    @Test("second start and end do not turn a failure into a pass")
    func duplicateRecords() throws {
        var stream = stream()
        stream.event("testStarted", test)
        stream.event("testStarted", test)
        stream.event("testEnded", test)
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: test)?.status == .failed, "a test with duplicate records must not pass")
        #expect(result.anomalies == ["\(test): started twice"])
    }

    @Test("records after runEnded void passes")
    func recordsAfterRunEnded() throws {
        var stream = stream()
        stream.event("testStarted", test)
        stream.event("testEnded", test)
        stream.event("runEnded")
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: test)?.status == .failed, "a forged tail must void the run's passes")
        #expect(result.anomalies.contains("a record follows runEnded"))
    }

    @Test("end without start is not a pass")
    func endWithoutStart() throws {
        var stream = stream()
        stream.event("testEnded", test)
        stream.event("runEnded")
        let result = EventStreamReader().read(stream.data)
        #expect(result.test(id: test)?.status == .notRun)
        #expect(result.anomalies.contains("\(test): ended without starting"), "\(result.anomalies)")
    }
}
