/// A pod as the cluster runs it: namespace, name, labels, address and containers.
public struct ClusterPod: Hashable, Sendable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    public var labels: [String: String]
    /// The pod's address: its `status.podIP` when the manifest has one, otherwise one the cluster
    /// assigned from `10.244.0.0/16`.
    public var ip: IPAddress
    public var containers: [Container]

    public init(namespace: String, name: String, labels: [String: String], ip: IPAddress, containers: [Container]) {
        self.namespace = namespace
        self.name = name
        self.labels = labels
        self.ip = ip
        self.containers = containers
    }

    /// `namespace/name`, as the Kubernetes network-policy end-to-end tests name pods.
    public var description: String { "\(namespace)/\(name)" }

    /// The declared container ports, in container order.
    public var containerPorts: [ContainerPort] {
        containers.flatMap(\.ports)
    }
}

/// A simulated cluster: namespaces with their labels, pods, network policies and quotas.
///
/// Every namespace carries the label `kubernetes.io/metadata.name` set to its name, as the
/// Kubernetes API server adds it (since 1.21), so that policies can select a namespace by name.
public struct Cluster: Sendable {
    /// The label Kubernetes puts on every namespace, with the namespace's name as its value.
    public static let namespaceNameLabel = "kubernetes.io/metadata.name"

    /// Each namespace's labels, by name.
    public private(set) var namespaces: [String: [String: String]] = [:]
    /// The pods, sorted by namespace and then name.
    public private(set) var pods: [ClusterPod] = []
    public private(set) var policies: [NetworkPolicy] = []
    public private(set) var quotas: [ResourceQuota] = []
    /// The objects of kinds the lab does not model, as `Kind/name`.
    public private(set) var skipped: [String] = []

    private var podIndex: [String: Int] = [:]

    /// Builds a cluster from manifests, in any order.
    ///
    /// A namespace that objects use but no manifest declares is created without labels other
    /// than its name label.
    ///
    /// - Throws: ``ManifestError`` with code `duplicate` for two objects of one kind with the same
    ///   namespace and name or two pods with the same `status.podIP`, and `invalidObject` for a pod
    ///   whose `status.podIP` is not an address or for more pods than `10.244.0.0/16` can number.
    public init(manifests: [Manifest]) throws {
        var declaredPods: [Pod] = []
        for manifest in manifests {
            switch manifest {
            case .namespace(let namespace):
                let name = namespace.metadata.name
                guard namespaces[name] == nil else {
                    throw ManifestError(.duplicate, "Namespace \"\(name)\" is declared twice; keep one of the two")
                }
                namespaces[name] = namespace.metadata.labels.merging([Self.namespaceNameLabel: name]) { _, name in name
                }
            case .pod(let pod):
                declaredPods.append(pod)
            case .deployment(let deployment):
                declaredPods += deployment.pods
            case .networkPolicy(let policy):
                try checkUnique(policy.metadata, kind: "NetworkPolicy", among: policies.map(\.metadata))
                policies.append(policy)
            case .resourceQuota(let quota):
                try checkUnique(quota.metadata, kind: "ResourceQuota", among: quotas.map(\.metadata))
                quotas.append(quota)
            case .other:
                skipped.append(manifest.reference)
            }
        }
        // NOTE: the API server rejects an object in a namespace that does not exist. The lab
        // creates the namespace instead, so that a file of policies and pods can be tried alone.
        for namespace in policies.map(\.namespace) + quotas.map(\.namespace) + declaredPods.map(\.namespace)
        where namespaces[namespace] == nil {
            namespaces[namespace] = [Self.namespaceNameLabel: namespace]
        }
        try addPods(declaredPods)
    }

    /// Loads manifest texts and builds the cluster.
    ///
    /// - Throws: ``ManifestError``.
    public init(yaml texts: String...) throws {
        try self.init(
            manifests: texts.enumerated().flatMap { try ManifestLoader.load($1, source: "manifest \($0 + 1)") })
    }

    /// Returns a namespace's labels, or `nil` when the cluster has no such namespace.
    public func labels(ofNamespace name: String) -> [String: String]? {
        namespaces[name]
    }

    /// Returns the pod named `namespace/name`.
    public func pod(_ reference: String) -> ClusterPod? {
        podIndex[reference].map { pods[$0] }
    }

    /// Returns the pod with an address, if any.
    public func pod(at address: IPAddress) -> ClusterPod? {
        pods.first { $0.ip == address }
    }

    // MARK: - Building

    private func checkUnique(_ metadata: ObjectMeta, kind: String, among existing: [ObjectMeta]) throws {
        let namespace = metadata.namespace ?? "default"
        if existing.contains(where: { $0.name == metadata.name && ($0.namespace ?? "default") == namespace }) {
            throw ManifestError(
                .duplicate, "\(kind) \"\(metadata.name)\" is declared twice in namespace \"\(namespace)\"; rename one")
        }
    }

    private mutating func addPods(_ declared: [Pod]) throws {
        var owners: [IPAddress: String] = [:]
        for pod in declared {
            guard let text = pod.podIP else { continue }
            guard let address = IPAddress(text) else {
                throw ManifestError(
                    .invalidObject,
                    "Pod \"\(pod.metadata.name)\" has status.podIP \(FieldError.quoted(text)), which is not an IP address"
                )
            }
            if let owner = owners[address] {
                throw ManifestError(
                    .duplicate,
                    "Pods \"\(owner)\" and \"\(pod.metadata.name)\" both have status.podIP \(text); give each pod its own address"
                )
            }
            owners[address] = pod.metadata.name
        }
        var nextAddress = 0
        var built: [ClusterPod] = []
        for pod in declared {
            var address: IPAddress
            if let text = pod.podIP, let parsed = IPAddress(text) {
                address = parsed
            } else {
                // Skip the addresses that exported pods already have, as the cluster's IPAM would.
                repeat {
                    address = try Self.assignedAddress(nextAddress)
                    nextAddress += 1
                } while owners[address] != nil
            }
            built.append(
                ClusterPod(
                    namespace: pod.namespace, name: pod.metadata.name, labels: pod.metadata.labels, ip: address,
                    containers: pod.spec.containers))
        }
        built.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        for (index, pod) in built.enumerated() {
            guard podIndex[pod.description] == nil else {
                throw ManifestError(
                    .duplicate, "Pod \"\(pod.name)\" is declared twice in namespace \"\(pod.namespace)\"; rename one")
            }
            podIndex[pod.description] = index
        }
        pods = built
    }

    /// The number of addresses ``assignedAddress(_:)`` can give: 250 in each of the 256 `/24`s.
    static let assignableAddressCount = 256 * 250

    /// Returns the `index`-th address of the pod range `10.244.0.0/16`, skipping `.0`.
    ///
    /// - Throws: ``ManifestError`` with code `invalidObject` when the range has no address left.
    private static func assignedAddress(_ index: Int) throws -> IPAddress {
        guard index < assignableAddressCount else {
            throw ManifestError(
                .invalidObject,
                "the pod range 10.244.0.0/16 has room for \(assignableAddressCount) pods and the manifests need more; "
                    + "give some pods a status.podIP outside it, or split the manifests")
        }
        return IPAddress(bytes: [10, 244, UInt8(index / 250), UInt8(index % 250 + 1)])
    }
}
