extension QuotaAdmission {
    /// Returns the quota usage of a pod, as the Kubernetes pod evaluator computes it.
    ///
    /// - `pods` and `count/pods` are 1.
    /// - For `cpu` and `memory`: `requests.X` (and its alias `X`) is the sum of the containers'
    ///   requests, and `limits.X` the sum of their limits. Init containers run one at a time
    ///   before the others, so each total is the larger of that sum and any init container's value.
    /// - A container with a limit and no request requests its limit
    ///   (``ResourceRequirements/effectiveRequests``).
    /// - A resource that no container states is left out, rather than counted as zero.
    ///
    /// - Throws: ``QuotaError`` with code `invalidQuantity` naming the container and resource, for
    ///   a quantity that does not parse or is negative.
    public static func usage(of pod: Pod) throws -> [String: Quantity] {
        var usage: [String: Quantity] = ["pods": Quantity(nanos: 1_000_000_000, format: .decimalSI)]
        usage["count/pods"] = usage["pods"]
        for resource in ["cpu", "memory"] {
            if let requests = try total(of: resource, in: pod, \.effectiveRequests) {
                usage["requests.\(resource)"] = requests
                usage[resource] = requests
            }
            if let limits = try total(of: resource, in: pod, \.limits) {
                usage["limits.\(resource)"] = limits
            }
        }
        return usage
    }

    /// Returns the pod-level total of one resource: the containers' sum, raised to the largest
    /// init container's value; `nil` when no container states the resource.
    private static func total(
        of resource: String, in pod: Pod, _ list: KeyPath<ResourceRequirements, [String: String]>
    ) throws -> Quantity? {
        var sum: Quantity?
        for container in pod.spec.containers {
            if let value = try quantity(resource, of: container, list) {
                sum = (sum ?? .zero) + value
            }
        }
        for container in pod.spec.initContainers {
            if let value = try quantity(resource, of: container, list), value > (sum ?? .zero) {
                sum = value
            }
        }
        return sum
    }

    private static func quantity(
        _ resource: String, of container: Container, _ list: KeyPath<ResourceRequirements, [String: String]>
    ) throws -> Quantity? {
        guard let text = container.resources[keyPath: list][resource] else { return nil }
        let value: Quantity
        do {
            value = try Quantity(parsing: text)
        } catch let error as QuotaError {
            throw QuotaError(error.code, "container \"\(container.name)\": \(resource): \(error.message)")
        }
        // The API server's pod validation rejects a negative request or limit. Admitting one
        // would lower the namespace's usage, so one pod could make room for others.
        guard value.nanos >= 0 else {
            let field = list == \ResourceRequirements.limits ? "limits" : "requests"
            throw QuotaError(
                .invalidQuantity,
                "container \"\(container.name)\": resources.\(field)[\(resource)]: Invalid value: \"\(text)\": must be greater than or equal to 0"
            )
        }
        return value
    }

    /// Admits a pod into its namespace or rejects it with Kubernetes' message, then adds its usage.
    ///
    /// The steps of the Kubernetes ResourceQuota admission plugin, for the quotas of the pod's
    /// namespace in order:
    /// 1. Every container and init container must state each resource of
    ///    ``resourcesRequiringSpecification`` that a quota limits. Otherwise the pod is rejected with
    ///    `pods "NAME" is forbidden: failed quota: QUOTA: must specify RESOURCE for: CONTAINERS`
    ///    (resources sorted and joined by `; `, container names sorted and joined by `,`).
    /// 2. For each quota, the pod's usage of the resources the quota limits (zeros left out)
    ///    is added to the quota's `used`. When any total exceeds its hard limit, the pod is rejected
    ///    with `pods "NAME" is forbidden: exceeded quota: QUOTA, requested: …, used: …, limited: …`,
    ///    each list naming only the exceeded resources (``prettyPrint(_:)``).
    /// 3. Only when every quota has room are the new totals recorded, so a rejected pod uses nothing.
    ///
    /// - Throws: ``QuotaError`` with code `mustSpecify` or `exceeded`, or `invalidQuantity` for a
    ///   container quantity that does not parse.
    public mutating func admit(_ pod: Pod) throws {
        let namespaceQuotas = quotas(in: pod.namespace)
        let forbidden = "pods \"\(pod.metadata.name)\" is forbidden"
        for quota in namespaceQuotas {
            let required = Set(quota.spec.hard.keys).intersection(Self.resourcesRequiringSpecification)
            let missing = try Self.missingResources(in: pod, required: required)
            if !missing.isEmpty {
                let list = missing.sorted { $0.key < $1.key }
                    .map { "\($0.key) for: \($0.value.sorted().joined(separator: ","))" }
                throw QuotaError(
                    .mustSpecify,
                    "\(forbidden): failed quota: \(quota.metadata.name): must specify \(list.joined(separator: "; "))")
            }
        }

        let usage = try Self.usage(of: pod)
        var newTotals: [String: [String: Quantity]] = [:]
        for quota in namespaceQuotas {
            let key = Self.key(of: quota)
            let limits = hard[key] ?? [:]
            let requested = usage.filter { limits[$0.key] != nil && !$0.value.isZero }
            guard !requested.isEmpty else { continue }
            let current = used[key] ?? [:]
            var totals = current
            var exceeded: Set<String> = []
            for (resource, amount) in requested {
                let total = (current[resource] ?? .zero) + amount
                totals[resource] = total
                if let limit = limits[resource], total > limit {
                    exceeded.insert(resource)
                }
            }
            if !exceeded.isEmpty {
                let pick = { (list: [String: Quantity]) in
                    Self.prettyPrint(list.filter { exceeded.contains($0.key) })
                }
                throw QuotaError(
                    .exceeded,
                    "\(forbidden): exceeded quota: \(quota.metadata.name), requested: \(pick(requested)), used: \(pick(current)), limited: \(pick(limits))"
                )
            }
            newTotals[key] = totals
        }
        used.merge(newTotals) { _, new in new }
    }

    /// Returns, for each required resource, the containers that state neither a request nor a
    /// limit that counts for it (`requests.cpu` and `cpu` need a request, `limits.cpu` a limit).
    private static func missingResources(in pod: Pod, required: Set<String>) throws -> [String: Set<String>] {
        var missing: [String: Set<String>] = [:]
        for container in pod.spec.containers + pod.spec.initContainers {
            let requests = container.resources.effectiveRequests
            let limits = container.resources.limits
            for resource in required {
                let stated: Bool
                if resource.hasPrefix("limits.") {
                    stated = limits[String(resource.dropFirst("limits.".count))] != nil
                } else {
                    let name =
                        resource.hasPrefix("requests.") ? String(resource.dropFirst("requests.".count)) : resource
                    stated = requests[name] != nil
                }
                if !stated {
                    missing[resource, default: []].insert(container.name)
                }
            }
        }
        return missing
    }
}
