import Foundation
import LabKit
import Testing

@Suite("YAML parser")
struct YAMLParserTests {
    @Test("scalar styles, values and marks")
    func scalarStyles() throws {
        let text = """
            plain: a b
            single: 'it''s'
            double: "tab\\there"
            literal: |
              line 1
              line 2
            folded: >
              one
              two
            """
        let root = try YAML.parseSingle(text)
        let expected: [(key: String, value: String, style: YAMLScalar.Style, line: Int, column: Int)] = [
            ("plain", "a b", .plain, 1, 8),
            ("single", "it's", .singleQuoted, 2, 9),
            ("double", "tab\there", .doubleQuoted, 3, 9),
            ("literal", "line 1\nline 2\n", .literal, 4, 10),
            ("folded", "one two", .folded, 7, 9),
        ]
        for item in expected {
            let scalar = try #require(root[item.key]?.scalar, "\(item.key) must be a scalar")
            #expect(scalar.value == item.value, "\(item.key) must unescape and fold to \(item.value.debugDescription)")
            #expect(scalar.style == item.style, "\(item.key) is written in the \(item.style) style")
            #expect(
                scalar.mark == YAMLNode.Mark(line: item.line, column: item.column),
                "\(item.key) starts at line \(item.line), column \(item.column) (1-based)")
        }
        #expect(root.mark == YAMLNode.Mark(line: 1, column: 1), "the root mapping starts at its first key")
    }

    @Test("columns count characters, not bytes")
    func columnsInCharacters() throws {
        let root = try YAML.parseSingle("café: x\n日本語: y\n")
        #expect(root["café"]?.mark == YAMLNode.Mark(line: 1, column: 7), "é is one column though it is two UTF-8 bytes")
        #expect(root["日本語"]?.mark == YAMLNode.Mark(line: 2, column: 6), "each CJK character is one column")
    }

    @Test("mapping keeps key order")
    func mappingOrder() throws {
        let root = try YAML.parseSingle("zeta: 1\nalpha: 2\nmid: 3\n")
        let keys = root.mapping?.compactMap { $0.key.scalar?.value }
        #expect(keys == ["zeta", "alpha", "mid"], "pairs must stay in source order, not sorted")
    }

    @Test("explicit tags are expanded")
    func explicitTags() throws {
        let root = try YAML.parseSingle("a: !!str 80\nb: !local x\nc: 80\n")
        #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str", "!! is the tag:yaml.org,2002: prefix")
        #expect(root["b"]?.scalar?.tag == "!local", "a local tag is kept as written")
        #expect(root["c"]?.scalar?.tag == nil, "an untagged scalar has no tag")
    }

    @Test("multi-document stream")
    func multiDocument() throws {
        let text = "---\nkind: Namespace\n---\nkind: Service\n...\n---\n- 1\n"
        let documents = try YAML.parse(text)
        #expect(documents.count == 3, "three `---` separators start three documents")
        #expect(documents[0]["kind"]?.scalar?.value == "Namespace")
        #expect(documents[1]["kind"]?.scalar?.value == "Service")
        #expect(documents[2][0]?.scalar?.value == "1", "the third document is a sequence")
        #expect(documents[2].mark.line == 7, "lines count from the start of the stream")
    }

    @Test(
        "empty streams have no documents",
        arguments: ["", "\n\n", "# only a comment\n"])
    func emptyStream(text: String) throws {
        #expect(try YAML.parse(text).isEmpty, "\(text.debugDescription) contains no document")
    }

    @Test("parseSingle rejects zero or several documents")
    func parseSingleCount() {
        let none = #expect(throws: YAMLError.self) { try YAML.parseSingle("") }
        #expect(none?.code == .documentCount, "an empty text has no document")
        let two = #expect(throws: YAMLError.self) { try YAML.parseSingle("a: 1\n---\nb: 2\n") }
        #expect(two?.code == .documentCount, "two documents where one is expected")
        #expect(two?.mark?.line == 3, "the error points at the second document")
    }

    @Test("JSON is YAML")
    func jsonDocument() throws {
        let json = #"{"name": "gateway", "ports": [80, 443], "tls": true, "note": null, "ratio": 0.5}"#
        let root = try YAML.parseSingle(json)
        #expect(root["name"]?.scalar?.value == "gateway")
        #expect(root["ports"]?.sequence?.count == 2, "a JSON array is a flow sequence")
        #expect(root["note"]?.scalar?.value == "null")
        #expect(root["name"]?.scalar?.style == .doubleQuoted, "JSON strings are double-quoted scalars")
    }
}

@Suite("YAML anchors, aliases and merge keys")
struct YAMLAliasTests {
    @Test("alias is replaced by the anchored node")
    func aliasResolution() throws {
        let root = try YAML.parseSingle("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n")
        let base = try #require(root["base"])
        let copy = try #require(root["copy"])
        #expect(copy.hasSameContent(as: base), "*b must stand for the whole node anchored as &b")
        #expect(copy == base, "the alias keeps the anchored node's marks")
    }

    @Test("later anchor with same name wins")
    func anchorRedefinition() throws {
        let root = try YAML.parseSingle("- &a first\n- *a\n- &a second\n- *a\n")
        let values = root.sequence?.compactMap { $0.scalar?.value }
        #expect(values == ["first", "first", "second", "second"], "an alias names the most recent anchor")
    }

    @Test("anchors do not cross documents")
    func anchorScope() {
        let error = #expect(throws: YAMLError.self) { try YAML.parse("a: &x 1\n---\nb: *x\n") }
        #expect(error?.code == .undefinedAlias, "an anchor is visible only in its own document")
        #expect(error?.documentIndex == 1, "the error names the second document")
    }

    @Test("undefined and recursive aliases are rejected")
    func undefinedAlias() {
        let undefined = #expect(throws: YAMLError.self) { try YAML.parse("a: *missing\n") }
        #expect(undefined?.code == .undefinedAlias)
        #expect(undefined?.mark == YAMLNode.Mark(line: 1, column: 4), "the error points at the alias")
        let recursive = #expect(throws: YAMLError.self) { try YAML.parse("&a [1, *a]\n") }
        #expect(recursive?.code == .undefinedAlias, "an alias inside its own anchored node would be a cycle")
    }

    @Test("merge key brings in defaults")
    func mergeKey() throws {
        let text = """
            defaults: &defaults
              timeout: 30
              retries: 3
            service:
              name: api
              <<: *defaults
              retries: 5
            """
        let service = try #require(try YAML.parseSingle(text)["service"])
        let keys = service.mapping?.compactMap { $0.key.scalar?.value }
        #expect(keys == ["name", "timeout", "retries"], "merged keys take the place of <<, without duplicates")
        #expect(service["retries"]?.scalar?.value == "5", "a key set in the mapping overrides a merged one")
        #expect(service["timeout"]?.scalar?.value == "30", "a key absent from the mapping comes from the merge")
    }

    @Test("earlier merged mapping wins")
    func mergeSequence() throws {
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {<<: [*a, *b], w: 0}\n"
        let merged = try #require(try YAML.parseSingle(text)["c"])
        #expect(merged["y"]?.scalar?.value == "1", "in a sequence of merges the earlier mapping wins")
        #expect(merged["z"]?.scalar?.value == "2")
        #expect(merged["w"]?.scalar?.value == "0")
        #expect(merged.mapping?.count == 4, "x, y, z and w")
    }

    @Test("quoted << is an ordinary key")
    func quotedMergeKey() throws {
        let root = try YAML.parseSingle("'<<': {a: 1}\n")
        #expect(root["<<"]?["a"]?.scalar?.value == "1", "only a plain or !!merge-tagged << merges")
    }

    @Test("merge of a scalar is rejected")
    func invalidMerge() {
        let error = #expect(throws: YAMLError.self) { try YAML.parse("a:\n  <<: 5\n") }
        #expect(error?.code == .invalidMerge, "<< needs a mapping or a sequence of mappings")
        #expect(error?.mark == YAMLNode.Mark(line: 2, column: 7))
    }

    @Test("billion laughs is rejected quickly", .timeLimit(.minutes(1)))
    func billionLaughs() {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            let aliases = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
            text += "\(name): &\(name) [\(aliases)]\n"
        }
        let error = #expect(throws: YAMLError.self) { try YAML.parse(text) }
        #expect(error?.code == .aliasLimit, "nine levels of ten aliases expand to about a billion nodes")
        #expect(error?.message.contains("100000") == true, "the message names the limit: \(error?.message ?? "")")
    }

    @Test("alias limit is configurable")
    func aliasLimitOption() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
        var parser = YAMLParser()
        parser.maximumAliasedNodes = 11
        let error = #expect(throws: YAMLError.self) { try parser.parse(text) }
        #expect(error?.code == .aliasLimit, "three aliases of a 4-node sequence add 12 nodes, over 11")
        parser.maximumAliasedNodes = 12
        #expect(try parser.parse(text).count == 1, "12 aliased nodes are within a limit of 12")
    }
}

@Suite("YAML duplicate keys")
struct YAMLDuplicateKeyTests {
    @Test(
        "duplicate keys are rejected",
        arguments: [
            ("a: 1\nb: 2\na: 3\n", 3, 1),
            ("{x: 1, x: 2}", 1, 8),
            ("outer:\n  port: 80\n  port: 81\n", 3, 3),
            ("80: a\n\"80\": b\n", 2, 1),
        ])
    func duplicateKeys(text: String, line: Int, column: Int) {
        let error = #expect(throws: YAMLError.self) { try YAML.parse(text) }
        #expect(error?.code == .duplicateKey, "\(text.debugDescription) repeats a key")
        #expect(error?.mark == YAMLNode.Mark(line: line, column: column), "the error points at the second key")
    }

    @Test("duplicate key message names both places")
    func duplicateKeyMessage() {
        let error = #expect(throws: YAMLError.self) { try YAML.parse("a: 1\nb: 2\na: 3\n") }
        #expect(
            error?.message == "key \"a\" is defined twice in a mapping, first at line 1, column 1, "
                + "and again at line 3, column 1; keep one of the two")
    }
}
