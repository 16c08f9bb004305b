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
        if let address = SubjectAlternativeName.ipAddress(parsing: host) {
            return certificate.subjectAlternativeNames.contains(address)
        }
        return certificate.subjectAlternativeNames.contains { name in
            guard case .dnsName(let pattern) = name else { return false }
            return matches(pattern: pattern, host: host)
        }
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
        guard let patternLabels = labels(of: pattern), let hostLabels = labels(of: host) else { return false }
        guard patternLabels.count == hostLabels.count else { return false }
        guard patternLabels.first == "*" else {
            return !pattern.contains("*") && patternLabels == hostLabels
        }
        guard patternLabels.count >= 3, !patternLabels.dropFirst().contains(where: { $0.contains("*") }) else {
            return false
        }
        return isLetterDigitHyphen(hostLabels[0]) && patternLabels.dropFirst() == hostLabels.dropFirst()
    }

    /// Throws unless `certificate` is valid for `host`.
    ///
    /// - Throws: ``TrustError/Code/hostNameMismatch``, naming the host and the certificate's SANs.
    public static func verify(_ certificate: Certificate, host: String) throws {
        guard matches(certificate, host: host) else {
            let names = certificate.subjectAlternativeNames.map(\.description)
            throw TrustError(
                .hostNameMismatch,
                "\(certificate.subject) is not valid for \(host); its subject alternative names are \(names)")
        }
    }

    /// Splits a name into lowercase labels after removing one trailing dot, or returns
    /// `nil` when the name is empty or has an empty label.
    private static func labels(of name: String) -> [String]? {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard !trimmed.isEmpty, !labels.contains(where: \.isEmpty) else { return nil }
        return labels
    }

    private static func isLetterDigitHyphen(_ label: String) -> Bool {
        label.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
        }
    }
}
