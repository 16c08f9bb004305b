import Foundation
public import LabKit

/// A workload's identity in the cluster, as a SPIFFE ID such as
/// `spiffe://cluster.local/ns/billing/sa/api` carried in its certificate's URI SAN.
///
/// Kubernetes service meshes (Istio, Linkerd, SPIRE) name a workload by its namespace and
/// service account this way. The service name used for authorization is
/// `namespace/serviceAccount`, such as `billing/api`.
public struct ServiceIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The trust domain, such as `cluster.local`.
    public let trustDomain: String
    /// The Kubernetes namespace, such as `billing`.
    public let namespace: String
    /// The Kubernetes service account, such as `api`.
    public let serviceAccount: String

    public init(trustDomain: String, namespace: String, serviceAccount: String) {
        self.trustDomain = trustDomain
        self.namespace = namespace
        self.serviceAccount = serviceAccount
    }

    /// The name that authorization rules use: `namespace/serviceAccount`.
    public var serviceName: String { "\(namespace)/\(serviceAccount)" }

    /// The SPIFFE ID: `spiffe://trustDomain/ns/namespace/sa/serviceAccount`.
    public var description: String { "spiffe://\(trustDomain)/ns/\(namespace)/sa/\(serviceAccount)" }

    /// Parses a SPIFFE ID of the form `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`.
    ///
    /// The rules follow the SPIFFE ID specification, stricter where it is silent:
    /// - the scheme is exactly `spiffe`, in lower case;
    /// - the trust domain is not empty and uses only lower-case letters, digits, `.`, `-`
    ///   and `_` (so no user info, no port);
    /// - the path is exactly the four segments `ns`, a namespace, `sa`, a service account,
    ///   each name non-empty with only letters, digits, `.`, `-` and `_`, and neither `.`
    ///   nor `..` (the SPIFFE ID specification forbids these dot segments);
    /// - there is no query, fragment, percent-encoding or trailing slash.
    ///
    /// - Throws: ``TrustError/Code/invalidIdentity`` naming the ID and the rule it breaks.
    public init(spiffeID: String) throws {
        // TODO: Part 6 — check the scheme, the trust domain and the four path segments
        // ns/<namespace>/sa/<account>; throw invalidIdentity naming the broken rule.
        throw LabKitError.notImplemented("parse a SPIFFE ID", part: 6, in: "ServiceIdentity")
    }

    /// Reads the identity of a client certificate in the cluster's trust domain.
    ///
    /// The certificate must have exactly one URI SAN that starts with `spiffe://` (a second
    /// one would make the identity ambiguous), it must parse with ``init(spiffeID:)``, and
    /// its trust domain must be `trustDomain`. Other SANs are ignored, and so is the
    /// subject's common name.
    ///
    /// - Throws: ``TrustError/Code/invalidIdentity`` naming what is wrong.
    public init(certificate: Certificate, trustDomain: String) throws {
        // TODO: Part 6 — find exactly one spiffe:// URI SAN, parse it, and require this trust domain.
        throw LabKitError.notImplemented("read a workload identity", part: 6, in: "ServiceIdentity")
    }
}
