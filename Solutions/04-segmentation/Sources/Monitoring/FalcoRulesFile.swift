public import Foundation
import LabKit

/// A rules file in Falco's YAML format, read into its items in file order.
///
/// The file is a sequence of mappings, each one item:
///
/// ```yaml
/// - list: shell_binaries
///   items: [bash, sh, zsh]
/// - macro: container
///   condition: container.id != host
/// - rule: Shell in container
///   desc: A shell started inside a container.
///   condition: evt.type = execve and container and proc.name in (shell_binaries)
///   output: Shell in container (user=%user.name container=%container.name cmdline=%proc.cmdline)
///   priority: WARNING
///   tags: [container, shell]
/// ```
///
/// Loading checks the shape of each item: the keys each kind allows, the value types, and the
/// priority names. It does not parse conditions or outputs, and it does not resolve lists, macros or
/// `append`; ``MonitoringRuleSet`` does that.
public struct FalcoRulesFile: Sendable, Equatable {
    /// The items, in file order.
    public var items: [FalcoRuleItem]

    public init(items: [FalcoRuleItem]) {
        self.items = items
    }

    /// Parses the items of a rules file's text.
    ///
    /// - Throws: ``MonitoringRuleError`` with code `yaml` for invalid YAML (with line and column),
    ///   `invalidItem` for an item of the wrong shape, or `unknownPriority`.
    public init(yaml text: String) throws {
        let documents: [YAMLNode]
        do {
            documents = try YAML.parse(text)
        } catch {
            throw MonitoringRuleError(.yaml, error.message)
        }
        var items: [FalcoRuleItem] = []
        for document in documents {
            guard let entries = document.sequence else {
                throw MonitoringRuleError(
                    .invalidItem, "a rules file must be a sequence of items (`- rule:`, `- macro:`, `- list:`)",
                    mark: document.mark)
            }
            for entry in entries {
                if let item = try Self.item(from: entry) {
                    items.append(item)
                }
            }
        }
        self.items = items
    }

    /// Reads and parses a rules file.
    ///
    /// - Throws: ``MonitoringRuleError``; code `yaml` when the file cannot be read.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MonitoringRuleError(.yaml, "cannot read the rules file \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Decoding with replacement characters would change names and values without a word,
            // so parse the bytes instead for libyaml's line and column of the bad byte.
            do {
                _ = try YAMLParser().parse(bytes: data)
            } catch {
                throw MonitoringRuleError(.yaml, "the rules file \(url.path) is not UTF-8 text: \(error.message)")
            }
            throw MonitoringRuleError(.yaml, "the rules file \(url.path) is not UTF-8 text; save it as UTF-8")
        }
        try self.init(yaml: text)
    }

    // MARK: - Items

    /// Top-level keys that state the Falco version a file needs, which this lab ignores.
    static let versionKeys: Set<String> = ["required_engine_version", "required_plugin_versions"]

    private static func item(from node: YAMLNode) throws -> FalcoRuleItem? {
        guard let pairs = node.mapping, let firstKey = pairs.first?.key.scalar?.value else {
            throw MonitoringRuleError(
                .invalidItem, "each item must be a mapping that starts with rule, macro or list", mark: node.mark)
        }
        var reader = ItemReader(node: node, pairs: pairs)
        switch firstKey {
        case "list": return .list(try reader.list())
        case "macro": return .macro(try reader.macro())
        case "rule": return .rule(try reader.rule())
        case let key where versionKeys.contains(key): return nil
        default:
            throw MonitoringRuleError(
                .invalidItem, "unknown item kind \"\(firstKey)\"; an item starts with rule, macro or list",
                mark: node.mark)
        }
    }
}

/// Reads the keys of one item and checks their types.
private struct ItemReader {
    let node: YAMLNode
    let pairs: [YAMLNode.Pair]
    var itemDescription = "item"

    init(node: YAMLNode, pairs: [YAMLNode.Pair]) {
        self.node = node
        self.pairs = pairs
    }

    mutating func list() throws -> FalcoRuleList {
        let name = try named("list")
        try checkKeys(allowed: ["list", "items", "append"])
        guard let itemsNode = node["items"] else {
            throw error(.invalidItem, "missing key \"items\"")
        }
        guard let values = itemsNode.sequence else {
            throw error(.invalidItem, "items must be a sequence, such as [bash, sh]", at: itemsNode.mark)
        }
        let items = try values.map { value in
            guard let scalar = value.scalar else {
                throw error(
                    .invalidItem, "each of items must be a single value, found a nested collection", at: value.mark)
            }
            return scalar.value
        }
        return FalcoRuleList(name: name, items: items, append: try flag("append") ?? false, mark: node.mark)
    }

    mutating func macro() throws -> FalcoRuleMacro {
        let name = try named("macro")
        try checkKeys(allowed: ["macro", "condition", "append"])
        guard let condition = try text("condition") else {
            throw error(.invalidItem, "missing key \"condition\"")
        }
        return FalcoRuleMacro(name: name, condition: condition, append: try flag("append") ?? false, mark: node.mark)
    }

    mutating func rule() throws -> FalcoRuleDefinition {
        let name = try named("rule")
        if node["exceptions"] != nil {
            throw error(
                .invalidItem, "exceptions are not supported in this lab",
                hint: "add `and not (...)` to the condition, or use an exception macro")
        }
        try checkKeys(allowed: [
            "rule", "desc", "condition", "output", "priority", "tags", "enabled", "append", "source",
        ])
        if let source = try text("source"), source != "syscall" {
            throw error(.invalidItem, "source \"\(source)\" is not supported; this lab has only syscall events")
        }
        let rule = FalcoRuleDefinition(
            name: name, description: try text("desc"), condition: try text("condition"), output: try text("output"),
            priority: try priority(), tags: try tags(), enabled: try flag("enabled"),
            append: try flag("append") ?? false,
            mark: node.mark)
        if rule.append {
            try checkAppendedRule(rule)
        } else if !rule.modifiesEarlierRule {
            for key in ["desc", "condition", "output", "priority"] where node[key] == nil {
                throw error(.invalidItem, "missing key \"\(key)\"; a rule needs desc, condition, output and priority")
            }
        }
        return rule
    }

    private func checkAppendedRule(_ rule: FalcoRuleDefinition) throws {
        guard rule.condition != nil else {
            throw error(.invalidItem, "an item with append: true needs a condition to add")
        }
        for key in ["desc", "output", "priority", "tags"] where node[key] != nil {
            throw error(
                .invalidItem,
                "an item with append: true can only add to the condition, not set \(key); redefine the rule instead")
        }
    }

    // MARK: - Values

    private mutating func named(_ kind: String) throws -> String {
        guard let scalar = node[kind]?.scalar, !scalar.value.isEmpty else {
            throw error(.invalidItem, "\(kind) must have a name")
        }
        itemDescription = "\(kind) \"\(scalar.value)\""
        return scalar.value
    }

    private func checkKeys(allowed: Set<String>) throws {
        for pair in pairs {
            let key = pair.key.scalar?.value ?? "?"
            if !allowed.contains(key) {
                let list = allowed.sorted().joined(separator: ", ")
                throw error(
                    .invalidItem, "unknown key \"\(key)\"", at: pair.key.mark, hint: "the keys allowed here are \(list)"
                )
            }
        }
    }

    private func text(_ key: String) throws -> String? {
        guard let value = node[key] else { return nil }
        guard let scalar = value.scalar else {
            throw error(.invalidItem, "\(key) must be text, found a collection", at: value.mark)
        }
        return scalar.value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func flag(_ key: String) throws -> Bool? {
        guard let value = node[key] else { return nil }
        switch value.scalar.map({ ($0.value, $0.style) }) {
        case ("true", .plain)?, ("True", .plain)?, ("TRUE", .plain)?: return true
        case ("false", .plain)?, ("False", .plain)?, ("FALSE", .plain)?: return false
        default: throw error(.invalidItem, "\(key) must be true or false", at: value.mark)
        }
    }

    private func priority() throws -> AlertPriority? {
        guard let value = node["priority"] else { return nil }
        guard let name = value.scalar?.value, let priority = AlertPriority(name: name) else {
            let names = AlertPriority.allCases.reversed().map(\.name).joined(separator: ", ")
            throw error(
                .unknownPriority, "unknown priority \"\(value.scalar?.value ?? "a collection")\"", at: value.mark,
                hint: "use one of \(names)")
        }
        return priority
    }

    private func tags() throws -> [String] {
        guard let value = node["tags"] else { return [] }
        guard let entries = value.sequence else {
            throw error(.invalidItem, "tags must be a sequence, such as [container, shell]", at: value.mark)
        }
        return try entries.map { entry in
            guard let scalar = entry.scalar else {
                throw error(.invalidItem, "each tag must be a single value", at: entry.mark)
            }
            return scalar.value
        }
    }

    private func error(
        _ code: MonitoringRuleError.Code, _ summary: String, at mark: YAMLNode.Mark? = nil, hint: String? = nil
    ) -> MonitoringRuleError {
        MonitoringRuleError(code, summary, item: itemDescription, mark: mark ?? node.mark, hint: hint)
    }
}
