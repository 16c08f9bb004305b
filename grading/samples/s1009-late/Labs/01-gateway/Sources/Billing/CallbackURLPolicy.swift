public import Foundation
import LabKit

/// Decides whether the billing service may send a request to a callback URL that a
/// client supplied.
///
/// A server that fetches URLs chosen by clients can be aimed at everything the server
/// can reach and the client cannot: the cloud metadata service at `169.254.169.254`,
/// admin ports on `127.0.0.1`, databases on the private network. This is server-side
/// request forgery (SSRF, CWE-918). The policy decides from the parsed URL alone and
/// never resolves a name.
public struct CallbackURLPolicy: Sendable {
    /// Host names that callbacks may go to, with their subdomains, lowercased and
    /// without a trailing dot: `hooks.example.com` allows `eu.hooks.example.com` too.
    public let allowedHosts: [String]
    /// Networks that callbacks given as an IP address may go to.
    ///
    /// Addresses in ``nonPublicNetworks`` are rejected even when a network here contains
    /// them.
    public let allowedNetworks: [IPNetwork]

    /// Creates a policy.
    /// - Parameters:
    ///   - allowedHosts: Host names, compared case-insensitively and without a trailing dot.
    ///   - allowedNetworks: Networks for IP-address hosts; empty allows none.
    public init(allowedHosts: [String], allowedNetworks: [IPNetwork] = []) {
        self.allowedHosts = allowedHosts.map { host in
            let lowercased = host.lowercased()
            return lowercased.hasSuffix(".") ? String(lowercased.dropLast()) : lowercased
        }
        self.allowedNetworks = allowedNetworks
    }

    /// Addresses that are not reachable on the public internet, from the IANA IPv4 and
    /// IPv6 Special-Purpose Address Registries (RFC 6890 and its updates).
    public static let nonPublicNetworks: [IPNetwork] = [
        // IPv4
        "0.0.0.0/8",  // "this network"; 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",  // private (RFC 1918)
        "100.64.0.0/10",  // shared address space for carrier-grade NAT (RFC 6598)
        "127.0.0.0/8",  // loopback
        "169.254.0.0/16",  // link-local, including cloud metadata at 169.254.169.254
        "172.16.0.0/12",  // private (RFC 1918)
        "192.0.0.0/24",  // IETF protocol assignments
        "192.0.2.0/24",  // documentation (TEST-NET-1)
        "192.88.99.0/24",  // deprecated 6to4 relay anycast
        "192.168.0.0/16",  // private (RFC 1918)
        "198.18.0.0/15",  // benchmarking
        "198.51.100.0/24",  // documentation (TEST-NET-2)
        "203.0.113.0/24",  // documentation (TEST-NET-3)
        "224.0.0.0/4",  // multicast
        "240.0.0.0/4",  // reserved, including the broadcast address 255.255.255.255
        // IPv6
        "::/96",  // unspecified ::, loopback ::1 and deprecated IPv4-compatible addresses
        "::ffff:0:0/96",  // IPv4-mapped addresses; checked as IPv4 before this list
        "64:ff9b::/96",  // NAT64, which reaches the embedded IPv4 address (RFC 6052)
        "64:ff9b:1::/48",  // local-use NAT64 (RFC 8215)
        "100::/64",  // discard-only
        "2001:db8::/32",  // documentation
        "2002::/16",  // 6to4, which embeds an IPv4 address (RFC 3056)
        "fc00::/7",  // unique local addresses
        "fe80::/10",  // link-local
        "fec0::/10",  // deprecated site-local
        "ff00::/8",  // multicast
    ].compactMap { try? IPNetwork($0) }

    /// Checks a callback URL and returns the URL to use, rebuilt from the parts checked.
    ///
    /// The URL is accepted only when all of these hold:
    /// 1. The text is printable ASCII (U+0021–U+007E): no spaces, control characters,
    ///    backslashes or non-ASCII characters, which parsers disagree about.
    ///    International host names must be given in their `xn--` form.
    /// 2. It parses as a URL whose scheme is `https`, in any case.
    /// 3. It has no user information (`user:password@`): `https://hooks.example.com@10.0.0.1/`
    ///    goes to `10.0.0.1`, not `hooks.example.com`.
    /// 4. The port is absent or 443.
    /// 5. The host is not empty and has no percent-encoding (`%31%32%37.0.0.1` is 127.0.0.1).
    /// 6. The host, lowercased and without one trailing dot, is one of:
    ///    - an IPv6 literal in brackets (`[::1]`), or an IPv4 address in any spelling that
    ///      ``IPAddress/parseURLHostIPv4(_:)`` accepts (`2130706433`, `0x7f.1`, `127.1`).
    ///      An IPv4-mapped IPv6 address counts as its IPv4 address. An address in
    ///      ``nonPublicNetworks`` is rejected, and any other must be in ``allowedNetworks``;
    ///    - a host name of letters, digits, hyphens and dots, in labels of 1 to 63
    ///      characters (RFC 1035 §2.3.4), that is not `localhost` or under `.localhost`
    ///      (RFC 6761 §6.3), and equals an entry of ``allowedHosts`` or ends with `.`
    ///      followed by one.
    ///    A host that ends in a number but is not a valid IPv4 address (`1.2.3.4.5`) is
    ///    rejected, as browsers reject it.
    ///
    /// - Parameter text: The `callback_url` field as sent.
    /// - Returns: The URL with scheme `https`, the normalized host, no port, and the
    ///   original path and query, so that the URL used is exactly the URL checked.
    /// - Throws: ``ValidationError`` for the field `callback_url`.
    public func validate(_ text: String) throws -> URL {
        guard text.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }) else {
            throw Self.rejection("must be printable ASCII without spaces or backslashes")
        }
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "https" else {
            throw Self.rejection("must be an https URL")
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            throw Self.rejection("must not contain a user name or password")
        }
        guard components.port == nil || components.port == 443 else {
            throw Self.rejection("must use the https port 443")
        }
        guard let rawHost = components.percentEncodedHost, !rawHost.isEmpty, !rawHost.contains("%") else {
            throw Self.rejection("must have a host name without percent-encoding")
        }

        var host = rawHost.lowercased()
        if host.hasSuffix(".") {
            host.removeLast()
        }
        let normalizedHost = try checkedHost(host)

        var rebuilt = "https://\(normalizedHost)\(components.percentEncodedPath)"
        if let query = components.percentEncodedQuery {
            rebuilt += "?\(query)"
        }
        guard let url = URL(string: rebuilt) else {
            throw Self.rejection("must be a valid URL")
        }
        return url
    }

    /// Classifies a lowercased host without its trailing dot, applies the rule for its
    /// kind, and returns the text to put in the rebuilt URL.
    private func checkedHost(_ host: String) throws -> String {
        if host.hasPrefix("[") && host.hasSuffix("]") {
            guard let address = IPAddress(String(host.dropFirst().dropLast())) else {
                throw Self.rejection("must have a valid IPv6 address in brackets")
            }
            return "[\(try checkedAddress(address))]"
        }
        switch IPAddress.parseURLHostIPv4(host) {
        case .address(let address):
            return try checkedAddress(address).description
        case .invalid:
            throw Self.rejection("must not end in a number unless it is an IPv4 address")
        case .domain:
            try checkName(host)
            return host
        }
    }

    /// Returns the address a connection would reach, after checking that it is public
    /// and in ``allowedNetworks``.
    private func checkedAddress(_ address: IPAddress) throws -> IPAddress {
        // A socket opened for ::ffff:a.b.c.d reaches a.b.c.d, so that is what is judged.
        let reached = address.embeddedIPv4 ?? address
        guard !Self.nonPublicNetworks.contains(where: { $0.contains(reached) }) else {
            throw Self.rejection("must not be a private, loopback, link-local or other non-public address")
        }
        guard allowedNetworks.contains(where: { $0.contains(reached) }) else {
            throw Self.rejection("must be an address in an allowed network")
        }
        return address
    }

    /// Checks a host name's syntax (RFC 1035 §2.3.4), that it is not local (RFC 6761
    /// §6.3), and that it is an allowed host or one of its subdomains.
    private func checkName(_ name: String) throws {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let isValidSyntax = labels.allSatisfy { label in
            (1...63).contains(label.count)
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
        guard isValidSyntax else {
            throw Self.rejection("must have a host name of letters, digits, hyphens and dots")
        }
        guard labels.last != "localhost" else {
            throw Self.rejection("must not name the local host")
        }
        guard allowedHosts.contains(where: { name == $0 || name.hasSuffix(".\($0)") }) else {
            throw Self.rejection("must name an allowed host")
        }
    }

    private static func rejection(_ reason: String) -> ValidationError {
        ValidationError(field: "callback_url", reason: reason)
    }
}
