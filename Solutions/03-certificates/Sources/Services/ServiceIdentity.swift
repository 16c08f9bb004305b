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
        let prefix = "spiffe://"
        guard spiffeID.hasPrefix(prefix) else {
            throw TrustError(.invalidIdentity, "\"\(spiffeID)\" is not a SPIFFE ID: it must start with spiffe://")
        }
        let parts = spiffeID.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "ns", parts[3] == "sa" else {
            throw TrustError(
                .invalidIdentity,
                "\"\(spiffeID)\" does not have the form spiffe://<trust domain>/ns/<namespace>/sa/<account>")
        }
        let domainCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789.-_")
        let nameCharacters = domainCharacters.union(CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        guard Self.isNonEmpty(parts[0], of: domainCharacters) else {
            throw TrustError(.invalidIdentity, "\"\(spiffeID)\" has an invalid trust domain \"\(parts[0])\"")
        }
        for name in [parts[2], parts[4]] where !Self.isNonEmpty(name, of: nameCharacters) || name == "." || name == ".."
        {
            throw TrustError(.invalidIdentity, "\"\(spiffeID)\" has an invalid path segment \"\(name)\"")
        }
        self.init(trustDomain: String(parts[0]), namespace: String(parts[2]), serviceAccount: String(parts[4]))
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
        let spiffeIDs = certificate.subjectAlternativeNames.compactMap { name -> String? in
            guard case .uri(let uri) = name, uri.lowercased().hasPrefix("spiffe://") else { return nil }
            return uri
        }
        guard spiffeIDs.count == 1 else {
            throw TrustError(
                .invalidIdentity,
                "\(certificate.subject) has \(spiffeIDs.count) SPIFFE IDs in its URI SANs; a workload certificate has exactly one"
            )
        }
        try self.init(spiffeID: spiffeIDs[0])
        guard self.trustDomain == trustDomain else {
            throw TrustError(
                .invalidIdentity,
                "\(self) belongs to trust domain \(self.trustDomain), not to this cluster's \(trustDomain)")
        }
    }

    private static func isNonEmpty(_ text: Substring, of allowed: CharacterSet) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(allowed.contains)
    }
}
