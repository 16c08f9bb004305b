/// A Kubernetes Namespace (`v1`).
public struct Namespace: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta

    public init(metadata: ObjectMeta) {
        self.metadata = metadata
    }

    /// The top-level fields of a Kubernetes object (Namespace, Pod, Deployment).
    static let objectFields = ["apiVersion", "kind", "metadata", "spec", "status"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(Self.objectFields)
        metadata = try container.decode(ObjectMeta.self, forKey: AnyKey("metadata"))
    }
}

/// A Kubernetes Pod (`v1`): its metadata, containers and, when exported, its address.
public struct Pod: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta
    public var spec: PodSpec
    /// The pod's IP address from `status.podIP`, when the manifest was exported from a cluster.
    public var podIP: String?

    public init(metadata: ObjectMeta, spec: PodSpec, podIP: String? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.podIP = podIP
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(Namespace.objectFields)
        metadata = try container.decode(ObjectMeta.self, forKey: AnyKey("metadata"))
        spec = try container.decode(PodSpec.self, forKey: AnyKey("spec"))
        let status = try container.decodeIfPresent(PodStatus.self, forKey: AnyKey("status"))
        podIP = status?.podIP
    }

    /// The namespace, `default` when the manifest names none.
    public var namespace: String { metadata.namespace ?? "default" }
}

/// The part of a pod's `status` that the lab reads.
struct PodStatus: Decodable {
    var podIP: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        _ = container.allKeys
        podIP = try container.decodeIfPresent(String.self, forKey: AnyKey("podIP"))
    }
}

/// A pod's containers; every other field of a real pod spec is accepted and ignored.
public struct PodSpec: Codable, Hashable, Sendable {
    public var containers: [Container]
    public var initContainers: [Container]

    public init(containers: [Container], initContainers: [Container] = []) {
        self.containers = containers
        self.initContainers = initContainers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        _ = container.allKeys
        containers = try container.decode([Container].self, forKey: AnyKey("containers"))
        initContainers = try container.decodeIfPresent([Container].self, forKey: AnyKey("initContainers")) ?? []
    }
}

/// A container: its name, the ports it declares and its resource requests and limits.
public struct Container: Codable, Hashable, Sendable {
    public var name: String
    public var ports: [ContainerPort]
    public var resources: ResourceRequirements

    public init(name: String, ports: [ContainerPort] = [], resources: ResourceRequirements = ResourceRequirements()) {
        self.name = name
        self.ports = ports
        self.resources = resources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        // NOTE: a container, like a pod spec, accepts every key, because new Kubernetes versions
        // keep adding fields. So a misspelt `ports` is ignored here, where the API server rejects it.
        _ = container.allKeys
        name = try container.decode(String.self, forKey: AnyKey("name"))
        ports = try container.decodeIfPresent([ContainerPort].self, forKey: AnyKey("ports")) ?? []
        resources =
            try container.decodeIfPresent(ResourceRequirements.self, forKey: AnyKey("resources"))
            ?? ResourceRequirements()
    }
}

/// A port a container declares; a named one can be referred to by network policies.
public struct ContainerPort: Codable, Hashable, Sendable {
    /// The port's name, such as `http`, which a policy's `port: http` resolves to.
    public var name: String?
    public var containerPort: Int
    /// `TCP` (the default), `UDP` or `SCTP`.
    public var `protocol`: String?

    public init(name: String? = nil, containerPort: Int, protocol: String? = nil) {
        self.name = name
        self.containerPort = containerPort
        self.protocol = `protocol`
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(["containerPort", "hostIP", "hostPort", "name", "protocol"])
        name = try container.decodeIfPresent(String.self, forKey: AnyKey("name"))
        containerPort = try container.decode(Int.self, forKey: AnyKey("containerPort"))
        `protocol` = try container.decodeIfPresent(String.self, forKey: AnyKey("protocol"))
    }
}

/// A container's resource requests and limits, quantities kept as written (`500m`, `128Mi`).
public struct ResourceRequirements: Codable, Hashable, Sendable {
    public var requests: [String: String]
    public var limits: [String: String]

    public init(requests: [String: String] = [:], limits: [String: String] = [:]) {
        self.requests = requests
        self.limits = limits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(["claims", "limits", "requests"])
        requests = try container.decodeIfPresent([String: String].self, forKey: AnyKey("requests")) ?? [:]
        limits = try container.decodeIfPresent([String: String].self, forKey: AnyKey("limits")) ?? [:]
    }

    /// The requests after the API server's defaulting: a resource with a limit and no request
    /// requests its limit (Kubernetes API reference, `ResourceRequirements.requests`).
    public var effectiveRequests: [String: String] {
        requests.merging(limits) { request, _ in request }
    }
}

/// A Deployment (`apps/v1`), kept for its pod template and replica count.
public struct Deployment: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta
    /// The number of pods, 1 when the manifest leaves it out (the API server's default).
    public var replicas: Int
    /// The labels of the pods the deployment creates.
    public var templateLabels: [String: String]
    public var template: PodSpec

    public init(metadata: ObjectMeta, replicas: Int = 1, templateLabels: [String: String], template: PodSpec) {
        self.metadata = metadata
        self.replicas = replicas
        self.templateLabels = templateLabels
        self.template = template
    }

    private struct Spec: Decodable {
        var replicas: Int?
        var template: Template

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            _ = container.allKeys
            replicas = try container.decodeIfPresent(Int.self, forKey: AnyKey("replicas"))
            template = try container.decode(Template.self, forKey: AnyKey("template"))
        }
    }

    private struct Template: Decodable {
        var labels: [String: String]
        var spec: PodSpec

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            container.acceptFields(["metadata", "spec"])
            let metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: AnyKey("metadata"))
            labels = metadata?.labels ?? [:]
            spec = try container.decode(PodSpec.self, forKey: AnyKey("spec"))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        container.acceptFields(Namespace.objectFields)
        metadata = try container.decode(ObjectMeta.self, forKey: AnyKey("metadata"))
        let spec = try container.decode(Spec.self, forKey: AnyKey("spec"))
        replicas = spec.replicas ?? 1
        templateLabels = spec.template.labels
        template = spec.template.spec
    }

    /// The pods the deployment runs, named `NAME-0`, `NAME-1` … in its namespace.
    ///
    /// NOTE: Kubernetes names them after a hash of the template and a random suffix; the lab
    /// numbers them so that matrices and tests stay stable.
    public var pods: [Pod] {
        (0..<replicas).map { index in
            Pod(
                metadata: ObjectMeta(
                    name: "\(metadata.name)-\(index)", namespace: metadata.namespace, labels: templateLabels),
                spec: template
            )
        }
    }
}

/// A ResourceQuota (`v1`): hard limits on the resources a namespace's pods may request.
public struct ResourceQuota: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    public var spec: ResourceQuotaSpec
    public var status: IgnoredValue?

    public init(metadata: ObjectMeta, hard: [String: String]) {
        apiVersion = "v1"
        kind = "ResourceQuota"
        self.metadata = metadata
        spec = ResourceQuotaSpec(hard: hard)
    }

    public var namespace: String { metadata.namespace ?? "default" }
}

/// The limits of a ResourceQuota, such as `requests.cpu: "2"` or `pods: "10"`, kept as written.
public struct ResourceQuotaSpec: Codable, Hashable, Sendable {
    public var hard: [String: String]

    public init(hard: [String: String]) {
        self.hard = hard
    }
}
