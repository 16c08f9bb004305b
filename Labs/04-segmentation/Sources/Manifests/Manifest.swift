/// One Kubernetes object read from a manifest file.
public enum Manifest: Hashable, Sendable {
    case namespace(Namespace)
    case pod(Pod)
    case deployment(Deployment)
    case networkPolicy(NetworkPolicy)
    case resourceQuota(ResourceQuota)
    /// An object of a kind the lab does not model, such as a Service, kept so that tools can
    /// say what they skipped.
    case other(kind: String, name: String)

    /// `Kind/name`, as `kubectl` names objects in its output.
    public var reference: String {
        switch self {
        case .namespace(let object): "Namespace/\(object.metadata.name)"
        case .pod(let object): "Pod/\(object.metadata.name)"
        case .deployment(let object): "Deployment/\(object.metadata.name)"
        case .networkPolicy(let object): "NetworkPolicy/\(object.metadata.name)"
        case .resourceQuota(let object): "ResourceQuota/\(object.metadata.name)"
        case .other(let kind, let name): "\(kind)/\(name)"
        }
    }
}

/// An error in a manifest file: its source, the object and the problem.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The text is not valid YAML or JSON, or a field has the wrong type or an unknown name.
        public static let syntax = Code("syntax")
        /// The object lacks `apiVersion`, `kind` or `metadata.name`, or has an unsupported `apiVersion`.
        public static let invalidObject = Code("invalidObject")
        /// The object is well formed, but Kubernetes would reject it (see ``fieldErrors``).
        public static let invalid = Code("invalid")
        /// Two objects of the same kind have the same namespace and name.
        public static let duplicate = Code("duplicate")
    }

    public var code: Code
    /// The whole message, such as `policies.yaml: NetworkPolicy "deny" is invalid: spec.ingress[0]…`.
    public var message: String
    /// The individual field errors of an ``Code/invalid`` object.
    public var fieldErrors: [FieldError]

    public init(_ code: Code, _ message: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.message = message
        self.fieldErrors = fieldErrors
    }

    public var description: String { message }
}
