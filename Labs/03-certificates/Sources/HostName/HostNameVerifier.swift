public import LabKit

/// Checks that a server certificate is valid for the name a client dialed, following
/// RFC 9525 (which replaces RFC 6125) with OpenSSL's strict settings.
public enum HostNameVerifier {
    /// Checks whether `certificate` is valid for `host`, a DNS name or an IP address literal.
    ///
    /// 1. When `host` is an IP address literal (``SubjectAlternativeName/ipAddress(parsing:)``),
    ///    it matches only an `iPAddress` SAN with the same bytes (RFC 9525 §6.2). A DNS SAN
    ///    that happens to spell the address does not count.
    /// 2. Otherwise `host` matches only `dNSName` SANs, by ``matches(pattern:host:)``.
    /// 3. The subject's common name is never used, even when the certificate has no SANs
    ///    (RFC 9525 §6.1): a CN can hold anything, and is not typed as a host name.
    public static func matches(_ certificate: Certificate, host: String) -> Bool {
        // TODO: Part 3 — an IP literal matches iPAddress SANs only; a DNS name matches dNSName
        // SANs only, with matches(pattern:host:). Never the subject's common name.
        return false
    }

    /// Checks whether one DNS SAN, possibly a wildcard, matches a DNS host name.
    ///
    /// - Names compare case-insensitively in ASCII (DNS names are case-insensitive, RFC 4343).
    /// - One trailing dot on either name is ignored: `example.com.` is `example.com`.
    /// - Empty names, and names with an empty label (`a..b`), never match.
    /// - A wildcard is allowed only as the whole left-most label (`*.example.com`), with at
    ///   least two labels after it, and it matches exactly one non-empty label made of
    ///   letters, digits and hyphens: `*.example.com` matches `api.example.com`, but not
    ///   `example.com` nor `a.b.example.com`. Partial wildcards (`f*.example.com`,
    ///   `*oo.example.com`) and wildcards in other labels (`api.*.com`) never match.
    public static func matches(pattern: String, host: String) -> Bool {
        // TODO: Part 3 — compare lowercased labels, ignoring one trailing dot; allow a wildcard
        // only as the whole left-most label, followed by at least two labels, covering one label.
        return false
    }

    /// Throws unless `certificate` is valid for `host`.
    ///
    /// - Throws: ``TrustError/Code/hostNameMismatch``, naming the host and the certificate's SANs.
    public static func verify(_ certificate: Certificate, host: String) throws {
        // TODO: Part 3 — throw hostNameMismatch, naming the host and the SANs, unless matches(_:host:).
        throw LabKitError.notImplemented("verify the host name", part: 3, in: "HostNameVerifier")
    }
}
