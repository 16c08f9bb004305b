/// The metadata every Kubernetes object carries: its name, namespace and labels.
///
/// Only the fields the lab reads are kept. Every other `ObjectMeta` field that `kubectl get -o yaml`
/// writes (`uid`, `resourceVersion`, `annotations`, `managedFields` …) is accepted and ignored,
/// so that exported manifests load unchanged. A key that is not an `ObjectMeta` field, such as
/// `label` for `labels`, is an unknown key for a strict decoder, as `kubectl apply` (strict field
/// validation) rejects it, rather than a pod whose labels silently go missing.
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

    /// The fields of `ObjectMeta` in the Kubernetes API reference (`meta/v1`).
    static let apiFields = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(Self.apiFields)
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

extension KeyedDecodingContainer where Key == AnyKey {
    /// Marks the fields the Kubernetes API defines for this object as read, so that a strict
    /// decoder accepts the ones the lab does not model and reports every other key as unknown.
    func acceptFields(_ names: [String]) {
        for name in names {
            _ = contains(AnyKey(name))
        }
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
