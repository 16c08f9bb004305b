public import Foundation
import LabKit

/// Reads Kubernetes manifests, YAML or JSON, one or many documents, as `kubectl apply -f` does.
///
/// Documents are separated by `---`; empty documents are skipped, and a `kind: List` (the
/// output of `kubectl get -o yaml`) contributes its `items`. NetworkPolicy and ResourceQuota
/// objects are decoded strictly: a misspelt field such as `matchLabel` is an error rather than a
/// selector that silently selects every pod. Pods, Deployments and Namespaces keep only the fields
/// the lab reads and accept all others. Every modelled object's name, namespace and labels are
/// checked as the API server's `ValidateObjectMeta` checks them.
public enum ManifestLoader {
    /// The `apiVersion` Kubernetes serves each modelled kind at.
    static let apiVersions = [
        "Namespace": "v1", "Pod": "v1", "ResourceQuota": "v1", "Deployment": "apps/v1",
        "NetworkPolicy": "networking.k8s.io/v1",
    ]

    /// Loads every object of a manifest text.
    ///
    /// - Parameters:
    ///   - text: YAML or JSON.
    ///   - source: A name for messages, such as the file name.
    /// - Throws: ``ManifestError`` naming the source, the document and the problem.
    public static func load(_ text: String, source: String = "manifest") throws -> [Manifest] {
        let documents: [YAMLNode]
        do {
            documents = try YAMLParser().parse(text)
        } catch {
            throw ManifestError(.syntax, "\(source): \(error.message)")
        }
        var manifests: [Manifest] = []
        for (index, document) in documents.enumerated() {
            try appendObjects(of: document, index: index, source: source, to: &manifests)
        }
        return manifests
    }

    /// Loads every object of a file.
    ///
    /// - Throws: ``ManifestError`` when the file cannot be read or contains an invalid object.
    public static func load(contentsOf url: URL) throws -> [Manifest] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ManifestError(.syntax, "\(url.path): no such file; check the path")
        }
        guard !isDirectory.boolValue else {
            throw ManifestError(
                .syntax, "\(url.path): is a directory; name the manifest files in it, such as \(url.path)/*.yaml")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ManifestError(.syntax, "\(url.path): cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(.syntax, "\(url.path): is not UTF-8 text; save the manifest as UTF-8")
        }
        return try load(text, source: url.lastPathComponent)
    }

    private static func appendObjects(
        of node: YAMLNode, index: Int, source: String, to manifests: inout [Manifest]
    ) throws {
        if let scalar = node.scalar, scalar.value.isEmpty || scalar.value == "null" || scalar.value == "~" {
            return  // an empty document, such as the one after a trailing `---`
        }
        let place = "\(source): document \(index + 1) (\(node.mark))"
        guard node.mapping != nil else {
            throw ManifestError(
                .invalidObject, "\(place): expected a Kubernetes object (a mapping), found \(kind(of: node))")
        }
        guard let kindNode = node["kind"] else {
            throw ManifestError(
                .invalidObject, "\(place): the object has no `kind`; add one, such as `kind: NetworkPolicy`")
        }
        guard let kind = kindNode.scalar?.value, !kind.isEmpty else {
            throw ManifestError(
                .invalidObject,
                "\(place): `kind` must be a name such as NetworkPolicy, not \(Self.kind(of: kindNode)) (\(kindNode.mark))"
            )
        }
        if kind == "List" {
            try appendItems(of: node, index: index, source: source, to: &manifests)
            return
        }
        let name = node["metadata"]?["name"]?.scalar?.value ?? ""
        guard !name.isEmpty else {
            throw ManifestError(
                .invalidObject, "\(place): the \(kind) has no `metadata.name`; every object needs a name")
        }
        guard let expectedVersion = apiVersions[kind] else {
            manifests.append(.other(kind: kind, name: name))
            return
        }
        let apiVersion = node["apiVersion"]?.scalar?.value ?? ""
        guard apiVersion == expectedVersion else {
            throw ManifestError(
                .invalidObject,
                "\(place): \(kind) \"\(name)\" has apiVersion \"\(apiVersion)\"; Kubernetes serves \(kind) at \"\(expectedVersion)\""
            )
        }
        let manifest: Manifest
        do {
            manifest = try decode(kind: kind, from: node)
        } catch let error as YAMLError {
            throw ManifestError(.syntax, "\(source): \(kind) \"\(name)\": \(error.message)")
        }
        let errors = metadataErrors(of: manifest)
        guard errors.isEmpty else {
            let list =
                errors.count == 1
                ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
            throw ManifestError(.invalid, "\(place): The \(kind) \"\(name)\" is invalid: \(list)", fieldErrors: errors)
        }
        manifests.append(manifest)
    }

    /// Adds the objects of a `kind: List`, whose `items` must be a sequence (or missing, for none).
    private static func appendItems(
        of node: YAMLNode, index: Int, source: String, to manifests: inout [Manifest]
    ) throws {
        guard let items = node["items"] else { return }
        guard let sequence = items.sequence else {
            throw ManifestError(
                .invalidObject,
                "\(source): document \(index + 1) (\(items.mark)): the List's `items` must be a sequence of objects, not \(kind(of: items))"
            )
        }
        for item in sequence {
            try appendObjects(of: item, index: index, source: source, to: &manifests)
        }
    }

    /// Returns the reasons the API server would reject an object's metadata: the name (a DNS label
    /// for a Namespace, a DNS subdomain otherwise), the namespace (a DNS label) and the labels.
    static func metadataErrors(of manifest: Manifest) -> [FieldError] {
        let metadata: ObjectMeta
        let nameProblems: (String) -> [String]
        switch manifest {
        case .namespace(let object): (metadata, nameProblems) = (object.metadata, KubernetesSyntax.dnsLabelProblems)
        case .pod(let object): (metadata, nameProblems) = (object.metadata, KubernetesSyntax.dnsSubdomainProblems)
        case .deployment(let object):
            (metadata, nameProblems) = (object.metadata, KubernetesSyntax.dnsSubdomainProblems)
        case .networkPolicy(let object):
            (metadata, nameProblems) = (object.metadata, KubernetesSyntax.dnsSubdomainProblems)
        case .resourceQuota(let object):
            (metadata, nameProblems) = (object.metadata, KubernetesSyntax.dnsSubdomainProblems)
        case .other: return []
        }
        let path = FieldPath("metadata")
        var errors = nameProblems(metadata.name).map { FieldError.invalid(path.child("name"), metadata.name, $0) }
        if let namespace = metadata.namespace {
            errors += KubernetesSyntax.dnsLabelProblems(namespace).map {
                FieldError.invalid(path.child("namespace"), namespace, $0)
            }
        }
        for (key, value) in metadata.labels.sorted(by: { $0.key < $1.key }) {
            errors += KubernetesSyntax.labelKeyProblems(key).map { FieldError.invalid(path.child("labels"), key, $0) }
            errors += KubernetesSyntax.labelValueProblems(value).map {
                FieldError.invalid(path.child("labels"), value, $0)
            }
        }
        return errors
    }

    private static func decode(kind: String, from node: YAMLNode) throws -> Manifest {
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        switch kind {
        case "Namespace": return .namespace(try decoder.decode(Namespace.self, from: node))
        case "Pod": return .pod(try decoder.decode(Pod.self, from: node))
        case "Deployment": return .deployment(try decoder.decode(Deployment.self, from: node))
        case "NetworkPolicy": return .networkPolicy(try decoder.decode(NetworkPolicy.self, from: node))
        default: return .resourceQuota(try decoder.decode(ResourceQuota.self, from: node))
        }
    }

    private static func kind(of node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): "the scalar \"\(scalar.value)\""
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
