import LabKit

extension IPBlock {
    /// Returns whether an address is in the block: inside `cidr` and inside none of the
    /// `except` ranges.
    ///
    /// `except` removes addresses from this block only. Another peer or rule that allows the
    /// same address still allows it, because policies and peers add up. An invalid `cidr`
    /// matches nothing (validation rejects it), and IPv4 never matches an IPv6 block.
    public func contains(_ address: IPAddress) throws -> Bool {
        // TODO: Part 3 — inside CIDRBlock(cidr) and inside none of the except blocks.
        throw LabKitError.notImplemented("match an address against an ipBlock", part: 3)
    }

    /// Returns the reasons Kubernetes would reject this block.
    ///
    /// Kubernetes `ValidateIPBlock`: `cidr` is required and must be a valid CIDR; each `except`
    /// entry must be a valid CIDR and a strict subset of `cidr` (inside it and with a longer prefix).
    /// An empty `cidr` gives one error and nothing else, and an `except` entry outside `cidr` or
    /// as large as it gives a strict-subset error. With `path` `spec.egress[0].to[0].ipBlock`:
    ///
    /// ```
    /// spec.egress[0].to[0].ipBlock.cidr: Required value
    /// spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`
    /// ```
    ///
    /// An invalid CIDR in `cidr` or in an `except` entry gets ``invalidCIDRDetail``.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        // TODO: Part 3 — cidr required and valid (use Self.invalidCIDRDetail); each except valid and
        // a strict subset of cidr.
        throw LabKitError.notImplemented("validate an ipBlock", part: 3)
    }

    static let invalidCIDRDetail = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
}

extension NetworkPolicyPeer {
    /// Returns the reasons Kubernetes would reject this peer.
    ///
    /// Kubernetes `ValidateNetworkPolicyPeer`: at least one of `podSelector`,
    /// `namespaceSelector` and `ipBlock` (`Required value: must specify a peer`); `ipBlock`
    /// alone (`Forbidden: may not specify both ipBlock and another peer`); and each part valid.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        // TODO: Part 3 — validate each part that is present; none is "must specify a peer", and an
        // ipBlock with a selector is forbidden.
        throw LabKitError.notImplemented("validate a policy peer", part: 3)
    }
}
