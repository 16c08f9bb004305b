/// The metadata every Kubernetes object carries: its name, namespace and labels.
///
/// Only the fields the lab reads are kept. Every other metadata field that `kubectl get -o yaml`
/// writes (`uid`, `resourceVersion`, `annotations`, `managedFields` …) is accepted and ignored,
/// so that exported manifests load unchanged.
public struct ObjectMeta: Codable, Hashable, Sendable {
    /// The object's name, unique among objects of its kind in its namespace.
    public var name: String
    /// The namespace, or `nil` for the `default` namespace (and for a Namespace object itself).
    public var namespace: String?
    /// The object's labels, which selectors match.
    public var labels: [String: String]

    public init(name: String, namespace: String? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name, namespace, labels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        // Reading every key marks the mapping as read, so a strict decoder accepts the many
        // metadata fields this model does not keep.
        _ = container.allKeys
        name = try container.decodeIfPresent(String.self, forKey: AnyKey("name")) ?? ""
        namespace = try container.decodeIfPresent(String.self, forKey: AnyKey("namespace"))
        labels = try container.decodeIfPresent([String: String].self, forKey: AnyKey("labels")) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(namespace, forKey: .namespace)
        if !labels.isEmpty {
            try container.encode(labels, forKey: .labels)
        }
    }
}

/// A coding key for any string, used by types that accept keys they do not model.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// A value whose content the lab ignores, such as an object's `status`, decoded from any YAML node.
public struct IgnoredValue: Codable, Hashable, Sendable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            _ = container.allKeys
        }
    }

    public func encode(to encoder: any Encoder) throws {}
}
