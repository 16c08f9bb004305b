import LabKit

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
        // TODO: Part 4 — protocol (default TCP), then no port, a number with optional endPort, or a
        // name resolved against the destination pod's container ports.
        throw LabKitError.notImplemented("match a policy port", part: 4)
    }

    /// Returns the reasons Kubernetes would reject this entry.
    ///
    /// Kubernetes `ValidateNetworkPolicyPort`: `protocol` is TCP, UDP or SCTP; a numeric `port`
    /// is 1–65535; a named `port` is a valid port name; `endPort` needs a numeric `port`, is
    /// 1–65535 and is not below `port`.
    public func validate(at path: FieldPath) throws -> [FieldError] {
        // TODO: Part 4 — protocol, port number or name (KubernetesSyntax), and the endPort rules.
        throw LabKitError.notImplemented("validate a policy port", part: 4)
    }
}

extension NetworkPolicySpec {
    /// Returns the reasons Kubernetes would reject `policyTypes`.
    ///
    /// At most two entries (`Invalid value: may not specify more than two policyTypes`), each
    /// `Ingress` or `Egress` (`Unsupported value`).
    public func validatePolicyTypes(at path: FieldPath) throws -> [FieldError] {
        // TODO: Part 4 — at most two entries, each Ingress or Egress.
        throw LabKitError.notImplemented("validate policyTypes", part: 4)
    }
}
