import Foundation
import LabKit
import Testing

private struct Course: Decodable {
    struct Lab: Decodable {
        var id: String
        var parts: [Part]
    }

    struct Part: Decodable {
        var name: String
        var points: Int
        var bonus: Bool?
    }

    var labs: [Lab]
}

/// Returns the YAML error that decoding throws, or nil when decoding succeeds.
private func decodingError<T: Decodable>(
    _ type: T.Type,
    _ text: String,
    decoder: YAMLDecoder = YAMLDecoder()
) -> YAMLError? {
    do {
        _ = try decoder.decode(type, from: text)
        return nil
    } catch {
        return error as? YAMLError
    }
}

@Suite("YAML error reporting")
struct YAMLErrorTests {
    @Test("type mismatch names path, line and column")
    func typeMismatchMessage() throws {
        let text = """
            labs:
              - id: gateway
                parts:
                  - name: Routing
                    points: 10
              - id: jwt
                parts:
                  - name: Signing
                    points: ten
            """
        let error = try #require(decodingError(Course.self, text))
        #expect(error.code == .typeMismatch)
        #expect(error.mark == YAMLNode.Mark(line: 9, column: 17), "`ten` starts at line 9, column 17")
        #expect(error.codingPath == "labs[1].parts[0].points")
        #expect(
            error.message == "expected a whole number for labs[1].parts[0].points, found \"ten\" at line 9, column 17",
            "the message names what was expected, where, and what was found")
    }

    @Test("quoted number gets a fix")
    func quotedNumberHint() throws {
        let error = try #require(decodingError(Course.self, "labs: [{id: a, parts: [{name: b, points: \"10\"}]}]"))
        #expect(error.code == .typeMismatch)
        #expect(error.mark == YAMLNode.Mark(line: 1, column: 42))
        #expect(
            error.hint == "remove the quotes so that it reads as a number", "the fix is obvious, so the error gives it")
    }

    @Test("missing key names the mapping")
    func missingKey() throws {
        let text = "labs:\n  - id: gateway\n    parts:\n      - name: Routing\n"
        let error = try #require(decodingError(Course.self, text))
        #expect(error.code == .missingKey)
        #expect(error.codingPath == "labs[0].parts[0].points", "the path ends with the missing key")
        #expect(error.mark == YAMLNode.Mark(line: 4, column: 9), "the error points at the mapping that lacks the key")
        #expect(error.message.hasPrefix("missing key \"points\" in labs[0].parts[0] at line 4, column 9"))
    }

    @Test("null for a required value")
    func nullValue() throws {
        let error = try #require(decodingError(Course.self, "labs:\n  - id:\n    parts: []\n"))
        #expect(error.code == .typeMismatch)
        #expect(error.codingPath == "labs[0].id")
        #expect(error.message.contains("found an empty value"), "an empty value is named as such: \(error.message)")
        #expect(error.hint == "write \"\" for an empty string")
    }

    @Test("wrong container kind")
    func containerKind() throws {
        let error = try #require(decodingError(Course.self, "labs:\n  id: gateway\n"))
        #expect(error.code == .typeMismatch)
        #expect(error.message == "expected a sequence for labs, found a mapping at line 2, column 3")
    }

    @Test("out-of-range integer names the bounds")
    func outOfRange() throws {
        struct Port: Decodable {
            var port: UInt16
        }
        let error = try #require(decodingError(Port.self, "port: 70000"))
        #expect(error.code == .invalidValue)
        #expect(error.message == "70000 is out of range for port, which must be from 0 to 65535 at line 1, column 7")
    }

    @Test("leading zero explains the octal trap")
    func leadingZero() throws {
        struct Volume: Decodable {
            var defaultMode: Int
        }
        let error = try #require(decodingError(Volume.self, "defaultMode: 0644"))
        #expect(error.code == .invalidValue)
        #expect(error.summary == "ambiguous whole number 0644 for defaultMode")
        #expect(error.hint?.hasSuffix("write 0o644 for octal, or drop the leading zeros for decimal") == true)
    }

    @Test("keys that need quoting in paths")
    func quotedPathKeys() throws {
        let error = try #require(
            decodingError([String: [String: Int]].self, "labels:\n  app.kubernetes.io/name: api\n"))
        #expect(error.codingPath == "labels[\"app.kubernetes.io/name\"]", "a key with dots is quoted in the path")
    }

    @Test("error from a type's own init gets a position")
    func typeThrownError() throws {
        struct Percent: Decodable {
            var value: Int

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                value = try container.decode(Int.self)
                guard (0...100).contains(value) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be 0 to 100")
                }
            }
        }
        struct Policy: Decodable {
            var penalty: Percent
        }
        let error = try #require(decodingError(Policy.self, "# late policy\npenalty: 150\n"))
        #expect(error.code == .invalidValue)
        #expect(error.mark == YAMLNode.Mark(line: 2, column: 10), "the position comes from the coding path")
        #expect(error.message == "invalid value for penalty: must be 0 to 100 at line 2, column 10")
    }

    @Test("syntax error carries libyaml's text")
    func syntaxError() throws {
        let error = try #require(decodingError(Course.self, "labs:\n  - id: a\n   parts: []\n"))
        #expect(error.code == .syntax)
        #expect(error.mark == YAMLNode.Mark(line: 3, column: 4), "libyaml reports the misindented key")
        #expect(error.summary == "invalid YAML: did not find expected '-' indicator", "libyaml's problem is kept")
        #expect(error.context == "while parsing a block collection that starts at line 2, column 3")
        #expect(
            error.message
                == "invalid YAML: did not find expected '-' indicator at line 3, column 4, "
                + "while parsing a block collection that starts at line 2, column 3")
    }
}

@Suite("YAML unknown keys")
struct YAMLUnknownKeyTests {
    private let misspelt = """
        labs:
          - id: gateway
            parts:
              - name: Routing
                points: 10
                bonsu: true
        """

    @Test("ignored by default")
    func ignoredByDefault() {
        #expect(decodingError(Course.self, misspelt) == nil, "unknown keys are ignored unless rejected")
    }

    @Test("strict mode reports key and line")
    func strict() throws {
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        let error = try #require(decodingError(Course.self, misspelt, decoder: decoder))
        #expect(error.code == .unknownKey)
        #expect(error.mark == YAMLNode.Mark(line: 6, column: 9), "the error points at the unknown key")
        #expect(error.codingPath == "labs[0].parts[0].bonsu")
        #expect(
            error.message
                == "unknown key \"bonsu\" in labs[0].parts[0] at line 6, column 9; did you mean \"bonus\"?",
            "an optional key that was asked for is the likely intended spelling")
    }

    @Test("strict mode reports the first in source order")
    func strictOrder() throws {
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        let error = try #require(decodingError(Course.self, "extra: 1\nlabs: []\nmore: 2\n", decoder: decoder))
        #expect(error.mark?.line == 1, "extra comes before more")
        #expect(error.hint == "remove it, or check its spelling against the documented keys")
    }

    @Test("strict mode accepts dictionaries and optionals")
    func strictAcceptsKnown() {
        struct Config: Decodable {
            var labels: [String: String]
            var note: String?
        }
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        #expect(
            decodingError(Config.self, "labels: {a: b, c: d}\nnote: ~\n", decoder: decoder) == nil,
            "dictionary keys and null optional keys are all read")
    }
}
