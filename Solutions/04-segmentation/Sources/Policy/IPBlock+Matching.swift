extension IPBlock {
    /// Returns whether an address is in the block: inside `cidr` and inside none of the
    /// `except` ranges.
    ///
    /// `except` removes addresses from this block only. Another peer or rule that allows the
    /// same address still allows it, because policies and peers add up. An invalid `cidr`
    /// matches nothing (validation rejects it), and IPv4 never matches an IPv6 block.
    public func contains(_ address: IPAddress) throws -> Bool {
        guard let block = CIDRBlock(cidr), block.contains(address) else { return false }
        for text in except ?? [] {
            if let excluded = CIDRBlock(text), excluded.contains(address) {
                return false
            }
        }
        return true
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
        guard !cidr.isEmpty else { return [.required(path.child("cidr"), "")] }
        guard let block = CIDRBlock(cidr) else {
            return [.invalid(path.child("cidr"), cidr, Self.invalidCIDRDetail)]
        }
        var errors: [FieldError] = []
        for (index, text) in (except ?? []).enumerated() {
            let exceptPath = path.child("except").index(index)
            guard let excluded = CIDRBlock(text) else {
                errors.append(.invalid(exceptPath, text, Self.invalidCIDRDetail))
                continue
            }
            if !block.contains(excluded.network) || block.prefixLength >= excluded.prefixLength {
                errors.append(.invalid(exceptPath, text, "must be a strict subset of `cidr`"))
            }
        }
        return errors
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
        var errors: [FieldError] = []
        var count = 0
        if let podSelector {
            count += 1
            errors += try podSelector.validate(at: path.child("podSelector"))
        }
        if let namespaceSelector {
            count += 1
            errors += try namespaceSelector.validate(at: path.child("namespaceSelector"))
        }
        if let ipBlock {
            count += 1
            errors += try ipBlock.validate(at: path.child("ipBlock"))
        }
        if count == 0 {
            errors.append(.required(path, "must specify a peer"))
        } else if count > 1 && ipBlock != nil {
            errors.append(.forbidden(path, "may not specify both ipBlock and another peer"))
        }
        return errors
    }
}
