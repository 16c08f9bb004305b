/// Checks a NetworkPolicy as the Kubernetes API server does before it stores one.
///
/// The walk over the policy is given, and the rules for each field are yours: selectors (Part 1),
/// peers and IP blocks (Part 3), ports and policy types (Part 4). The errors come in the order of
/// `ValidateNetworkPolicySpec` in `pkg/apis/networking/validation`. First the pod selector, then
/// each ingress rule's ports and peers, then each egress rule's, then the policy types.
public enum NetworkPolicyValidator {
    /// Returns every field error of a policy; an empty list means Kubernetes would accept it.
    public static func errors(in policy: NetworkPolicy) throws -> [FieldError] {
        let spec = FieldPath("spec")
        var errors = try policy.spec.podSelector.validate(at: spec.child("podSelector"))
        for (ruleIndex, rule) in (policy.spec.ingress ?? []).enumerated() {
            let path = spec.child("ingress").index(ruleIndex)
            for (index, port) in (rule.ports ?? []).enumerated() {
                errors += try port.validate(at: path.child("ports").index(index))
            }
            for (index, peer) in (rule.from ?? []).enumerated() {
                errors += try peer.validate(at: path.child("from").index(index))
            }
        }
        for (ruleIndex, rule) in (policy.spec.egress ?? []).enumerated() {
            let path = spec.child("egress").index(ruleIndex)
            for (index, port) in (rule.ports ?? []).enumerated() {
                errors += try port.validate(at: path.child("ports").index(index))
            }
            for (index, peer) in (rule.to ?? []).enumerated() {
                errors += try peer.validate(at: path.child("to").index(index))
            }
        }
        errors += try policy.spec.validatePolicyTypes(at: spec.child("policyTypes"))
        return errors
    }

    /// Throws when Kubernetes would reject the policy, with `kubectl`'s message.
    ///
    /// - Throws: ``ManifestError`` with code `invalid`, such as `The NetworkPolicy "web" is invalid:
    ///   spec.ingress[0].from[0]: Required value: must specify a peer`.
    public static func check(_ policy: NetworkPolicy) throws {
        let errors = try errors(in: policy)
        guard !errors.isEmpty else { return }
        let list =
            errors.count == 1 ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
        throw ManifestError(
            .invalid, "The NetworkPolicy \"\(policy.metadata.name)\" is invalid: \(list)", fieldErrors: errors)
    }

    /// Checks every policy of a cluster.
    ///
    /// - Throws: ``ManifestError`` for the first invalid policy.
    public static func check(_ cluster: Cluster) throws {
        for policy in cluster.policies {
            try check(policy)
        }
    }
}
