import LabKit

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
    /// - Throws: ``QuotaError`` with code `invalidQuantity` naming the container and resource.
    public static func usage(of pod: Pod) throws -> [String: Quantity] {
        // TODO: Part 6 — pods and count/pods 1; requests.X and X, limits.X for cpu and memory, summed over
        // containers and raised to the largest init container; effectiveRequests for requests.
        throw LabKitError.notImplemented("compute a pod's quota usage", part: 6)
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
        // TODO: Part 6 — the "must specify" check for every quota, then the "exceeded quota" check, then
        // record the new totals in `used` only when every quota has room.
        throw LabKitError.notImplemented("admit a pod against its namespace's quotas", part: 6)
    }

}
