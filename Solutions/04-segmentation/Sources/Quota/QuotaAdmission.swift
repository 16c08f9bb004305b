/// The ResourceQuota admission step of a simulated API server: it admits a pod into its
/// namespace only when the namespace's quotas still have room, and then records its usage.
///
/// This file is given: the quotas, their parsed hard limits and the running `used` totals.
/// Part 6 writes ``usage(of:)`` and ``admit(_:)`` in `QuotaAdmission+Admit.swift`.
public struct QuotaAdmission: Sendable {
    /// The resources for which every container must state a request or limit once a quota
    /// limits them (`validationSet` of the Kubernetes pod quota evaluator).
    public static let resourcesRequiringSpecification: Set<String> = [
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    ]

    /// The quotas, sorted by namespace and then name, the order in which they are checked.
    public let quotas: [ResourceQuota]
    /// Each quota's parsed `spec.hard`, keyed by `namespace/name`.
    public let hard: [String: [String: Quantity]]
    /// Each quota's usage by the pods admitted so far, keyed by `namespace/name`; every
    /// resource of `spec.hard` starts at zero.
    public internal(set) var used: [String: [String: Quantity]]

    /// Creates the admission step for a cluster's quotas.
    ///
    /// - Throws: ``QuotaError`` with code `invalidQuantity` when a hard limit is not a quantity or
    ///   is negative (which the API server's validation rejects), naming the quota and the resource.
    public init(quotas: [ResourceQuota]) throws {
        self.quotas = quotas.sorted { ($0.namespace, $0.metadata.name) < ($1.namespace, $1.metadata.name) }
        var hard: [String: [String: Quantity]] = [:]
        for quota in self.quotas {
            var limits: [String: Quantity] = [:]
            for (resource, text) in quota.spec.hard {
                let place = "ResourceQuota \"\(quota.metadata.name)\": spec.hard[\(resource)]"
                let limit: Quantity
                do {
                    limit = try Quantity(parsing: text)
                } catch let error as QuotaError {
                    throw QuotaError(error.code, "\(place): \(error.message)")
                }
                guard limit.nanos >= 0 else {
                    throw QuotaError(
                        .invalidQuantity, "\(place): Invalid value: \"\(text)\": must be greater than or equal to 0")
                }
                limits[resource] = limit
            }
            hard[Self.key(of: quota)] = limits
        }
        self.hard = hard
        used = hard.mapValues { $0.mapValues { _ in Quantity.zero } }
    }

    /// Returns the quotas of one namespace, in the order they are checked.
    public func quotas(in namespace: String) -> [ResourceQuota] {
        quotas.filter { $0.namespace == namespace }
    }

    /// `namespace/name` of a quota, the key of ``hard`` and ``used``.
    public static func key(of quota: ResourceQuota) -> String {
        "\(quota.namespace)/\(quota.metadata.name)"
    }

    /// Formats resources as the `key=value` list of Kubernetes quota errors, sorted by key and joined by commas.
    public static func prettyPrint(_ resources: [String: Quantity]) -> String {
        resources.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
