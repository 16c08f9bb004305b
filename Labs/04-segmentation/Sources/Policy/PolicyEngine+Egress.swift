import LabKit

extension PolicyEngine {
    /// Returns whether any policy isolates a pod for egress.
    public func isIsolatedForEgress(_ pod: ClusterPod) throws -> Bool {
        // TODO: Part 3 — as for ingress, with the Egress policy type.
        throw LabKitError.notImplemented("decide whether a pod is isolated for egress", part: 3)
    }

    /// Returns whether the egress policies of `pod` allow a connection to `destination`'s
    /// `port` over `transport`.
    ///
    /// The mirror image of ingress: a non-isolated pod may connect anywhere; an isolated one
    /// only where some egress rule of its isolating policies allows, a rule with missing or
    /// empty `to` allowing every destination. Ports, named ones included, are checked
    /// against the destination. DNS is no exception: an egress-isolated pod that must resolve
    /// names needs a rule for port 53 over UDP (and TCP) to the DNS pods.
    public func allowsEgress(
        from pod: ClusterPod, to destination: Endpoint, port: Int, protocol transport: TransportProtocol
    ) throws -> Bool {
        // TODO: Part 3 — the mirror image of allowsIngress: peers in `to`, ports checked on the destination.
        throw LabKitError.notImplemented("decide egress from a pod", part: 3)
    }
}
