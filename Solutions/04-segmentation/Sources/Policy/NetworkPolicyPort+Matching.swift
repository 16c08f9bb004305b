extension NetworkPolicyPort {
    /// Returns whether a connection to `port` over `transport` at `destination` matches this entry.
    ///
    /// - The protocol must be equal; a missing `protocol` means TCP.
    /// - A missing `port` matches every port of that protocol.
    /// - A number matches itself, or with `endPort` every port from `port` to `endPort` inclusive.
    /// - A name is resolved against the destination pod: it matches when one of the pod's
    ///   containers declares a port with that name and protocol and the connection's port is
    ///   that port's number. An external destination has no named ports, so a name never matches it.
    public func matches(port: Int, protocol transport: TransportProtocol, on destination: Endpoint) throws -> Bool {
        guard (self.protocol ?? "TCP") == transport.rawValue else { return false }
        switch self.port {
        case nil:
            return true
        case .int(let first):
            guard let endPort else { return port == first }
            return first <= endPort && (first...endPort).contains(port)
        case .string(let name):
            guard let pod = destination.pod else { return false }
            return pod.containerPorts.contains { declared in
                declared.name == name && (declared.protocol ?? "TCP") == transport.rawValue
                    && declared.containerPort == port
            }
        }
    }

    /// Returns the reasons Kubernetes would reject this entry.
    ///
    /// Kubernetes `ValidateNetworkPolicyPort`: `protocol` is TCP, UDP or SCTP; a numeric `port`
    /// is 1–65535; a named `port` is a valid port name; `endPort` needs a numeric `port`, is
    /// 1–65535 and is not below `port`.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        var errors: [FieldError] = []
        if let written = self.protocol, TransportProtocol(rawValue: written) == nil {
            errors.append(
                .unsupported(path.child("protocol"), written, supported: TransportProtocol.allCases.map(\.rawValue)))
        }
        switch port {
        case .int(let number):
            errors += KubernetesSyntax.portNumberProblems(number).map {
                FieldError.invalid(path.child("port"), number, $0)
            }
            if let endPort {
                if endPort < number {
                    errors.append(.invalid(path.child("endPort"), endPort, "must be greater than or equal to `port`"))
                }
                errors += KubernetesSyntax.portNumberProblems(endPort).map {
                    FieldError.invalid(path.child("endPort"), endPort, $0)
                }
            }
        case .string(let name):
            if let endPort {
                errors.append(
                    .invalid(path.child("endPort"), endPort, "may not be specified when `port` is non-numeric"))
            }
            errors += KubernetesSyntax.portNameProblems(name).map { FieldError.invalid(path.child("port"), name, $0) }
        case nil:
            if let endPort {
                errors.append(
                    .invalid(path.child("endPort"), endPort, "may not be specified when `port` is not specified"))
            }
        }
        return errors
    }
}

extension NetworkPolicySpec {
    /// Returns the reasons Kubernetes would reject `policyTypes`.
    ///
    /// At most two entries (`Invalid value: may not specify more than two policyTypes`), each
    /// `Ingress` or `Egress` (`Unsupported value`).
    public func validatePolicyTypes(at path: FieldPath) throws -> [FieldError] {
        let types = policyTypes ?? []
        guard types.count <= 2 else {
            let written = "[" + types.joined(separator: " ") + "]"
            return [FieldError(.invalid, path, value: written, "may not specify more than two policyTypes")]
        }
        return types.enumerated().compactMap { index, type in
            PolicyType(rawValue: type) == nil
                ? .unsupported(path.index(index), type, supported: PolicyType.allCases.map(\.rawValue)) : nil
        }
    }
}
