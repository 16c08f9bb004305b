import Foundation
import LabKit
import Testing

/// A one-field document, `value: <text>`, for decoding a scalar into a chosen type.
private struct Box<Value: Decodable>: Decodable {
    var value: Value
}

private func decodeValue<Value: Decodable>(_ type: Value.Type, _ text: String) throws -> Value {
    try YAMLDecoder().decode(Box<Value>.self, from: "value: \(text)\n").value
}

/// Returns the error code of decoding `value: <text>` into the type, or nil when it succeeds.
private func errorCode<Value: Decodable>(_ type: Value.Type, _ text: String) -> YAMLError.Code? {
    do {
        _ = try decodeValue(type, text)
        return nil
    } catch {
        return (error as? YAMLError)?.code
    }
}

@Suite("YAML scalars")
struct YAMLScalarTests {
    // Expected values follow the YAML 1.2.2 core schema table (§10.3.2).
    @Test(
        "integers",
        arguments: [("80", 80), ("-7", -7), ("+3", 3), ("0", 0), ("0x1F", 31), ("0o17", 15), ("!!int '42'", 42)])
    func integers(text: String, expected: Int) throws {
        #expect(try decodeValue(Int.self, text) == expected, "\(text) is the integer \(expected)")
    }

    @Test(
        "floats",
        arguments: [
            ("2.5", 2.5), ("1e3", 1000), ("-1.5E-2", -0.015), (".5", 0.5), ("1.", 1), ("80", 80),
            (".inf", .infinity), ("-.Inf", -.infinity), ("+.INF", .infinity), ("0x10", 16),
        ])
    func floats(text: String, expected: Double) throws {
        #expect(try decodeValue(Double.self, text) == expected, "\(text) is the float \(expected)")
    }

    @Test("not a number", arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(text: String) throws {
        #expect(try decodeValue(Double.self, text).isNaN, "\(text) is NaN")
        #expect(try decodeValue(Float.self, text).isNaN, "\(text) is NaN as a Float too")
    }

    @Test(
        "booleans",
        arguments: [
            ("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false),
            ("yes", true), ("Yes", true), ("on", true), ("ON", true), ("no", false), ("off", false), ("Off", false),
            ("!!bool true", true),
        ])
    func booleans(text: String, expected: Bool) throws {
        #expect(try decodeValue(Bool.self, text) == expected, "\(text) is \(expected)")
    }

    @Test("YAML 1.1 booleans can be turned off")
    func yaml11BooleansOff() throws {
        var decoder = YAMLDecoder()
        decoder.acceptsYAML11Booleans = false
        #expect(throws: YAMLError.self, "yes is a string in YAML 1.2") {
            try decoder.decode(Box<Bool>.self, from: "value: yes")
        }
        #expect(try decoder.decode(Box<Bool>.self, from: "value: true").value == true)
    }

    @Test("null forms", arguments: ["~", "null", "Null", "NULL", "", "!!null ''"])
    func nulls(text: String) throws {
        #expect(try decodeValue(Int?.self, text) == nil, "\(text.debugDescription) is null")
        #expect(try decodeValue(String?.self, text) == nil, "\(text.debugDescription) is null even for a String?")
    }

    @Test(
        "strings",
        arguments: [
            ("80", "80"), ("'80'", "80"), ("\"80\"", "80"), ("1.10", "1.10"), ("yes", "yes"), ("0644", "0644"),
            ("\"null\"", "null"), ("''", ""), ("!!str 80", "80"), ("hello world", "hello world"),
            ("\"caf\\u00e9\"", "café"), ("2027-02-14", "2027-02-14"),
        ])
    func strings(text: String, expected: String) throws {
        #expect(
            try decodeValue(String.self, text) == expected, "\(text) decodes as the string \(expected.debugDescription)"
        )
    }

    @Test(
        "numbers that must not decode",
        arguments: [
            ("\"80\"", "typeMismatch"), ("'80'", "typeMismatch"), ("ten", "typeMismatch"), ("2.5", "typeMismatch"),
            ("true", "typeMismatch"), ("~", "typeMismatch"), ("[1]", "typeMismatch"), ("0644", "invalidValue"),
            ("-0x10", "typeMismatch"), ("!!str 80", "typeMismatch"), ("99999999999999999999", "invalidValue"),
        ])
    func rejectedIntegers(text: String, code: String) {
        #expect(errorCode(Int.self, text)?.description == code, "\(text) into Int must fail with \(code)")
    }

    @Test("integer range per type", arguments: [("127", true), ("128", false), ("-128", true), ("-129", false)])
    func int8Range(text: String, fits: Bool) {
        let code = errorCode(Int8.self, text)
        #expect(code == (fits ? nil : .invalidValue), "\(text) \(fits ? "fits" : "does not fit") in Int8")
    }

    @Test("unsigned rejects negatives")
    func unsigned() throws {
        #expect(try decodeValue(UInt64.self, "18446744073709551615") == .max, "UInt64.max fits")
        #expect(errorCode(UInt.self, "-1") == .invalidValue, "-1 is out of range for UInt")
        #expect(try decodeValue(Int64.self, "-9223372036854775808") == .min, "Int64.min fits")
    }

    @Test("booleans that must not decode", arguments: ["\"true\"", "y", "n", "1", "yes please"])
    func rejectedBooleans(text: String) {
        #expect(errorCode(Bool.self, text) == .typeMismatch, "\(text) into Bool must fail")
    }

    @Test("strings that must not decode", arguments: ["~", "null", "", "{a: 1}", "[x]"])
    func rejectedStrings(text: String) {
        #expect(errorCode(String.self, text) == .typeMismatch, "\(text.debugDescription) is not a string value")
    }
}

@Suite("YAML timestamps")
struct YAMLTimestampTests {
    // Expected instants come from Foundation's ISO8601DateFormatter on the equivalent UTC text.
    @Test(
        "valid timestamps",
        arguments: [
            ("2027-02-14T23:59:00-05:00", "2027-02-15T04:59:00Z"),
            ("2027-02-14t23:59:00Z", "2027-02-14T23:59:00Z"),
            ("2027-02-14", "2027-02-14T00:00:00Z"),
            ("2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.100Z"),
            ("2027-02-14T23:59:00+0530", "2027-02-14T18:29:00Z"),
            ("2027-02-14T23:59:00", "2027-02-14T23:59:00Z"),
            ("2024-02-29T12:00:00.250Z", "2024-02-29T12:00:00.250Z"),
            ("1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z"),
            ("\"2027-02-14T23:59:00-05:00\"", "2027-02-15T04:59:00Z"),
        ])
    func validTimestamps(text: String, utc: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            utc.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(formatter.date(from: utc), "the reference text \(utc) must parse")
        let decoded = try decodeValue(Date.self, text)
        #expect(abs(decoded.timeIntervalSince(expected)) < 0.000_5, "\(text) is the instant \(utc)")
    }

    @Test(
        "invalid timestamps",
        arguments: [
            "2027-02-30T00:00:00Z", "2027-13-01", "2027-02-14T24:00:00Z", "14/02/2027", "2027-02-14T23:59",
            "2027-02-14T23:59:00+25:00", "2023-02-29", "tomorrow", "~",
        ])
    func invalidTimestamps(text: String) {
        #expect(errorCode(Date.self, text) == .typeMismatch, "\(text) is not a valid timestamp")
    }
}

// MARK: - Structures

private struct Course: Decodable, Equatable {
    struct LatePolicy: Decodable, Equatable {
        var penaltyPerDay: Double
        var maximumDays: Int

        enum CodingKeys: String, CodingKey {
            case penaltyPerDay = "penalty_per_day"
            case maximumDays = "max_days"
        }
    }

    struct Lab: Decodable, Equatable {
        var id: String
        var deadline: Date
        var parts: [Part]
    }

    struct Part: Decodable, Equatable {
        var name: String
        var points: Int
        var weight: Double?
    }

    var course: String
    var latePolicy: LatePolicy
    var labs: [Lab]
    var graders: [String: [String]]
    var releaseSolutions: Bool?

    enum CodingKeys: String, CodingKey {
        case course, labs, graders
        case latePolicy = "late_policy"
        case releaseSolutions = "release_solutions"
    }
}

private let courseText = """
    # Course configuration in the shape the grader reads.
    course: Secure Systems
    late_policy: {penalty_per_day: 0.1, max_days: 3}
    labs:
      - id: gateway
        deadline: 2027-02-14T23:59:00-05:00
        parts:
          - {name: Routing, points: 10}
          - name: API keys
            points: 15
            weight: 2
      - id: jwt
        deadline: 2027-03-01T12:00:00Z
        parts: []
    graders:
      gateway: [ta1, ta2]
      jwt: []
    """

@Suite("YAML decoder")
struct YAMLDecoderTests {
    @Test("course configuration with deadlines")
    func courseConfiguration() throws {
        let course = try YAMLDecoder().decode(Course.self, from: courseText)
        let formatter = ISO8601DateFormatter()
        let deadline = try #require(formatter.date(from: "2027-02-15T04:59:00Z"))
        #expect(course.course == "Secure Systems")
        #expect(course.latePolicy == Course.LatePolicy(penaltyPerDay: 0.1, maximumDays: 3))
        #expect(course.labs.map(\.id) == ["gateway", "jwt"], "labs keep their order")
        #expect(course.labs[0].deadline == deadline, "23:59 at UTC-5 is 04:59 UTC the next day")
        #expect(course.labs[0].parts[1] == Course.Part(name: "API keys", points: 15, weight: 2))
        #expect(course.labs[0].parts[0].weight == nil, "a missing optional key decodes as nil")
        #expect(course.labs[1].parts.isEmpty, "[] is an empty sequence")
        #expect(course.graders == ["gateway": ["ta1", "ta2"], "jwt": []], "a mapping decodes as [String: T]")
        #expect(course.releaseSolutions == nil)
    }

    @Test("JSON decodes like YAML")
    func jsonCourse() throws {
        let json = """
            {"course": "Secure Systems", "late_policy": {"penalty_per_day": 0.1, "max_days": 3},
             "labs": [{"id": "gateway", "deadline": "2027-02-14T23:59:00-05:00",
                       "parts": [{"name": "Routing", "points": 10}, {"name": "API keys", "points": 15, "weight": 2}]},
                      {"id": "jwt", "deadline": "2027-03-01T12:00:00Z", "parts": []}],
             "graders": {"gateway": ["ta1", "ta2"], "jwt": []}, "release_solutions": null}
            """
        let fromJSON = try YAMLDecoder().decode(Course.self, from: json)
        let fromYAML = try YAMLDecoder().decode(Course.self, from: courseText)
        #expect(fromJSON == fromYAML, "the JSON form of a document must decode to the same value")
    }

    @Test("decodeAll reads every document")
    func decodeAll() throws {
        struct Kind: Decodable, Equatable {
            var kind: String
        }
        let kinds = try YAMLDecoder().decodeAll(Kind.self, from: "kind: A\n---\nkind: B\n---\nkind: C\n")
        #expect(kinds.map(\.kind) == ["A", "B", "C"])
        let error = #expect(throws: YAMLError.self) {
            try YAMLDecoder().decodeAll(Kind.self, from: "kind: A\n---\nkind: [B]\n")
        }
        #expect(error?.documentIndex == 1, "the error names the second document")
        #expect(error?.message.contains("in document 2") == true, "the message names it too: \(error?.message ?? "")")
    }

    @Test("decode rejects a stream of two documents")
    func decodeSingle() {
        let error = #expect(throws: YAMLError.self) {
            try YAMLDecoder().decode([Int].self, from: "[1]\n---\n[2]\n")
        }
        #expect(error?.code == .documentCount, "decode(_:from:) expects exactly one document")
    }

    @Test("decodeIfPresent and nil")
    func optionals() throws {
        struct Settings: Decodable {
            var timeout: Int?
            var name: String?
            var tags: [String]?
        }
        let settings = try YAMLDecoder().decode(Settings.self, from: "timeout: ~\nname: ''\n")
        #expect(settings.timeout == nil, "~ is nil")
        #expect(settings.name == "", "'' is an empty string, not nil")
        #expect(settings.tags == nil, "a missing key is nil")
    }

    @Test("arrays of optionals keep nulls")
    func optionalItems() throws {
        let values = try YAMLDecoder().decode([Int?].self, from: "[1, ~, 3, null]")
        #expect(values == [1, nil, 3, nil])
    }

    @Test("unkeyed container and superDecoder")
    func manualContainers() throws {
        // A point written as a flow sequence, `[x, y]`, with a label decoded by superDecoder.
        struct Labeled: Decodable {
            var x: Int
            var y: Int
            var label: String

            enum CodingKeys: String, CodingKey {
                case point, label
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                var point = try container.nestedUnkeyedContainer(forKey: .point)
                #expect(point.count == 2, "the container knows the sequence length")
                x = try point.decode(Int.self)
                y = try point.decode(Int.self)
                #expect(point.isAtEnd, "two decodes consume both items")
                label = try String(from: container.superDecoder(forKey: .label))
            }
        }
        let labeled = try YAMLDecoder().decode(Labeled.self, from: "point: [3, 4]\nlabel: origin-ish\n")
        #expect(labeled.x == 3, "the first item of the unkeyed container")
        #expect(labeled.y == 4, "the second item of the unkeyed container")
        #expect(labeled.label == "origin-ish", "superDecoder(forKey:) decodes the key's value")
    }

    @Test("failed item decode does not advance")
    func unkeyedRetry() throws {
        struct Mixed: Decodable {
            var values: [String] = []

            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                while !container.isAtEnd {
                    if let number = try? container.decode(Int.self) {
                        values.append("int \(number)")
                    } else {
                        values.append("text \(try container.decode(String.self))")
                    }
                }
            }
        }
        let mixed = try YAMLDecoder().decode(Mixed.self, from: "[1, two, \"3\"]")
        #expect(mixed.values == ["int 1", "text two", "text 3"], "a failed Int decode leaves the index in place")
    }

    @Test("nested dictionaries of structures")
    func nestedDictionaries() throws {
        struct Limit: Decodable, Equatable {
            var rate: Int
        }
        let limits = try YAMLDecoder().decode(
            [String: [String: Limit]].self, from: "gateway:\n  login: {rate: 5}\n  search: {rate: 50}\njwt: {}\n")
        #expect(limits == ["gateway": ["login": Limit(rate: 5), "search": Limit(rate: 50)], "jwt": [:]])
    }

    @Test("Foundation scalar types")
    func foundationTypes() throws {
        struct Links: Decodable {
            var home: URL
            var key: Data
            var price: Decimal
        }
        let links = try YAMLDecoder().decode(
            Links.self, from: "home: https://example.com/labs\nkey: |\n  aGVsbG8g\n  d29ybGQ=\nprice: 0.10\n")
        #expect(links.home.absoluteString == "https://example.com/labs")
        #expect(links.key == Data("hello world".utf8), "base64 across lines decodes")
        #expect(links.price == Decimal(string: "0.1"), "a Decimal keeps the exact decimal value")
    }

    @Test("merge keys and aliases decode")
    func mergedDecode() throws {
        struct Service: Decodable, Equatable {
            var image: String
            var replicas: Int
        }
        let text =
            "base: &base {image: api:1.0, replicas: 1}\nstaging: {<<: *base}\nproduction: {<<: *base, replicas: 3}\n"
        let services = try YAMLDecoder().decode([String: Service].self, from: text)
        #expect(services["staging"] == Service(image: "api:1.0", replicas: 1))
        #expect(services["production"] == Service(image: "api:1.0", replicas: 3), "an explicit key overrides the merge")
    }

    @Test("userInfo reaches init(from:)")
    func userInfo() throws {
        struct Probe: Decodable {
            var environment: String

            init(from decoder: any Decoder) throws {
                environment = Self.key.flatMap { decoder.userInfo[$0] as? String } ?? "missing"
            }

            static let key = CodingUserInfoKey(rawValue: "environment")
        }
        var decoder = YAMLDecoder()
        let key = try #require(Probe.key)
        decoder.userInfo[key] = "staging"
        #expect(try decoder.decode(Probe.self, from: "{}").environment == "staging")
    }
}
