import Foundation
import LabKit
import Testing

/// A number or a list of these, nested to any depth.
private indirect enum NestedList: Decodable {
    case number(Int)
    case list([NestedList])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .list(try container.decode([NestedList].self))
        }
    }

    /// The number of lists around the innermost number.
    var depth: Int {
        guard case .list(let items) = self else { return 0 }
        return 1 + (items.map(\.depth).max() ?? 0)
    }
}

@Suite("YAML malformed input")
struct YAMLMalformedInputTests {
    @Test(
        "syntax errors are reported with a position",
        arguments: [
            ("tab indentation", "a:\n\tb: 1\n", 2, 1),
            ("unclosed double quote", "a: \"abc\nb: 1\n", 3, 1),
            ("unclosed single quote", "a: 'abc\n", 2, 1),
            ("unclosed bracket", "a: [1, 2\n", 2, 1),
            ("unclosed brace", "a: {x: 1\n", 2, 1),
            ("stray closing bracket", "a: [1]]\n", 1, 7),
            ("control character", "a: b\u{07}\n", 1, 5),
            ("bad indentation", "a:\n  b: 1\n c: 2\n", 3, 2),
            ("unknown escape", "a: \"\\q\"\n", 1, 5),
        ])
    func syntaxErrors(name: String, text: String, line: Int, column: Int) {
        let error = #expect(throws: YAMLError.self, "\(name) must fail to parse") { try YAML.parse(text) }
        #expect(error?.code == .syntax, "\(name) is a syntax error")
        #expect(
            error?.mark == YAMLNode.Mark(line: line, column: column),
            "\(name): libyaml reports line \(line), column \(column); got \(error?.message ?? "no error")")
    }

    @Test("tab indentation gets a hint")
    func tabHint() {
        let error = #expect(throws: YAMLError.self) { try YAML.parse("spec:\n  ports:\n\t- 80\n") }
        #expect(error?.code == .syntax)
        #expect(error?.hint == "indent with spaces, because YAML forbids tabs there", "a tab is the usual culprit")
        let other = #expect(throws: YAMLError.self) { try YAML.parse("a: [1, 2\n") }
        #expect(other?.hint == nil, "only a tab in the indentation gets the tab hint")
    }

    @Test("invalid UTF-8 is rejected with its position")
    func invalidUTF8() {
        let bytes = Data("name: ok\nbad: ".utf8) + Data([0xC3, 0x28]) + Data("\n".utf8)
        let error = #expect(throws: YAMLError.self) { try YAMLDecoder().decode([String: String].self, from: bytes) }
        #expect(error?.code == .syntax)
        #expect(
            error?.mark == YAMLNode.Mark(line: 2, column: 7),
            "libyaml reports the byte that breaks the sequence: 0x28, after the lead byte 0xC3 at column 6")
        #expect(error?.hint == "save the file as UTF-8")
        #expect(error?.summary.contains("UTF-8") == true, "libyaml names the encoding: \(error?.summary ?? "")")
    }

    @Test("UTF-16 with a byte order mark is read")
    func utf16() throws {
        let bytes = Data([0xFF, 0xFE]) + Data("a: é\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let value = try YAMLDecoder().decode([String: String].self, from: bytes)
        #expect(value == ["a": "é"], "libyaml detects UTF-16LE from its byte order mark")
    }

    @Test(
        "deep nesting is limited, not a crash",
        arguments: [
            ("flow sequences", String(repeating: "[", count: 10_000)),
            ("flow mappings", String(repeating: "{a: ", count: 10_000)),
            ("block mappings", (0..<1_000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")),
        ])
    func deepNesting(name: String, text: String) {
        let error = #expect(throws: YAMLError.self) { try YAML.parse(text) }
        #expect(error?.code == .depthLimit, "10 000 nested \(name) exceed the default depth of 100")
        #expect(error?.message.contains("100") == true, "the message names the limit: \(error?.message ?? "")")
    }

    @Test("depth limit is configurable")
    func depthOption() throws {
        var parser = YAMLParser()
        parser.maximumDepth = 3
        #expect(try parser.parse("[[[1]]]").count == 1, "three levels fit a limit of three")
        let error = #expect(throws: YAMLError.self) { try parser.parse("[[[[1]]]]") }
        #expect(error?.code == .depthLimit)
        #expect(error?.mark == YAMLNode.Mark(line: 1, column: 4), "the error points at the fourth `[`")
    }

    @Test("aliases count toward the depth limit")
    func aliasDepth() throws {
        var parser = YAMLParser()
        parser.maximumDepth = 3
        #expect(try parser.parse("a: &a [[1]]\nb: *a\n").count == 1, "the mapping, then *a's two levels: three")
        let error = #expect(throws: YAMLError.self) { try parser.parse("a: &a [[1]]\nb: [*a]\n") }
        #expect(error?.code == .depthLimit, "inside one more sequence, *a would reach four levels")
        #expect(error?.mark == YAMLNode.Mark(line: 2, column: 5), "the error points at the alias")
    }

    @Test("chained aliases cannot build a deep tree", .timeLimit(.minutes(1)))
    func chainedAliasDepth() {
        // Each anchor nests the previous one 60 levels deeper, so 20 anchors written in about
        // 3 KB would nest 1 200 levels once the aliases are expanded.
        var text = "a0: &a0 1\n"
        for level in 1...20 {
            let opening = String(repeating: "[", count: 60)
            let closing = String(repeating: "]", count: 60)
            text += "a\(level): &a\(level) \(opening)*a\(level - 1)\(closing)\n"
        }
        let error = #expect(throws: YAMLError.self) { try YAML.parse(text) }
        #expect(error?.code == .depthLimit, "the expanded depth, not the written depth, is limited")
        #expect(error?.mark?.line == 3, "a2 is the first anchor whose expansion passes 100 levels")
    }

    @Test("nesting at the default limit decodes")
    func decodeAtDepthLimit() throws {
        let text = String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100)
        let tree = try YAMLDecoder().decode(NestedList.self, from: text)
        #expect(tree.depth == 100, "decoding recursion at the default depth must fit the test thread's stack")
    }

    @Test("10 MB document parses in linear time", .timeLimit(.minutes(1)))
    func largeDocument() async throws {
        struct Item: Decodable {
            var name: String
            var port: Int
            var enabled: Bool
        }
        let line = "- {name: item-0000000, port: 8080, enabled: true, note: \"padding to fifty bytes\"}\n"
        let count = 10_000_000 / line.utf8.count
        let text = String(repeating: line, count: count)
        // Seconds of parsing run on a thread of their own, so that tests waiting on
        // sockets meanwhile are not starved of Swift concurrency's few threads.
        let items = try await onOwnThread { try YAMLDecoder().decode([Item].self, from: text) }
        #expect(items.count == count, "every item of the 10 MB sequence decodes")
        #expect(items.last?.port == 8080)
    }

    @Test("mapping with many keys", .timeLimit(.minutes(1)))
    func manyKeys() async throws {
        let count = 100_000
        let text = (0..<count).map { "key\($0): \($0)" }.joined(separator: "\n")
        let values = try await onOwnThread { try YAMLDecoder().decode([String: Int].self, from: text) }
        #expect(values.count == count, "duplicate-key checks must not be quadratic")
        #expect(values["key99999"] == 99_999)
    }

    @Test("very long scalar", .timeLimit(.minutes(1)))
    func longScalar() async throws {
        let payload = String(repeating: "x", count: 5_000_000)
        let value = try await onOwnThread {
            try YAMLDecoder().decode([String: String].self, from: "blob: \(payload)\n")
        }
        #expect(value["blob"]?.count == payload.count)
    }
}
