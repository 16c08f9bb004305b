#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as its network-order bytes.
///
/// This file is given: it parses and prints addresses. Deciding what an address is
/// allowed to do (``IPNetwork/contains(_:)``, the callback-URL policy) is the lab's work.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable {
        case ipv4
        case ipv6
    }

    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Creates an address from its network-order bytes.
    /// - Parameter bytes: Exactly 4 bytes (IPv4) or 16 bytes (IPv6).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses an address in its standard text form: dotted decimal for IPv4 (`192.0.2.1`,
    /// each part 0–255 without leading zeros) or RFC 4291 §2.2 text for IPv6 (`2001:db8::1`,
    /// `::ffff:192.0.2.1`), without brackets.
    ///
    /// This parser is strict on purpose, for configuration and for addresses a server
    /// reports. URL hosts use the lenient rules of ``parseURLHostIPv4(_:)``.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let bytes = Self.parseIPv6(text) else { return nil }
            self.bytes = bytes
        } else {
            guard let bytes = Self.parseDottedDecimal(text) else { return nil }
            self.bytes = bytes
        }
    }

    public var family: Family { bytes.count == 4 ? .ipv4 : .ipv6 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291
    /// §2.5.5.2), or `nil` for any other address.
    ///
    /// A socket opened for `::ffff:127.0.0.1` reaches `127.0.0.1`, so every check on an
    /// IPv6 address has to look at the IPv4 address it carries.
    public var embeddedIPv4: IPAddress? {
        guard family == .ipv6 else { return nil }
        let prefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        guard Array(bytes[0..<12]) == prefix else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// `192.0.2.1`, or the RFC 5952 form of an IPv6 address (`2001:db8::1`).
    public var description: String {
        switch family {
        case .ipv4:
            return bytes.map(String.init).joined(separator: ".")
        case .ipv6:
            return Self.formatIPv6(bytes)
        }
    }
}

// MARK: - Parsing

extension IPAddress {
    private static func parseDottedDecimal(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            guard part == "0" || !part.hasPrefix("0") else { return nil }
            guard let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        var storage = in6_addr()
        let result = text.withCString { inet_pton(AF_INET6, $0, &storage) }
        guard result == 1 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0) }
    }

    private static func formatIPv6(_ bytes: [UInt8]) -> String {
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count)) != nil else {
            return bytes.map { String($0, radix: 16) }.joined(separator: ":")
        }
        let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
        return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

// MARK: - URL hosts

extension IPAddress {
    /// The WHATWG URL Standard's reading of a URL host that is not an IPv6 literal.
    public enum URLHostIPv4: Sendable, Equatable {
        /// The host is an IPv4 address, in any of its spellings.
        case address(IPAddress)
        /// The host is a domain name, because its last label is not a number.
        case domain
        /// The host ends in a number but is not a valid IPv4 address, so a browser
        /// rejects the whole URL.
        case invalid
    }

    /// Reads a URL host the way browsers and many HTTP clients do (WHATWG URL Standard,
    /// "IPv4 parser" and "ends in a number checker").
    ///
    /// Besides `127.0.0.1` this accepts decimal (`2130706433`), octal (`0177.0.0.1`),
    /// hexadecimal (`0x7f.1`), shortened (`127.1`) and trailing-dot (`127.0.0.1.`)
    /// spellings, all of which reach `127.0.0.1`. A policy that only compares the host
    /// text with `"127.0.0.1"` is fooled by every one of them.
    ///
    /// - Parameter host: The host as it appears in the URL, already lowercased.
    public static func parseURLHostIPv4(_ host: String) -> URLHostIPv4 {
        var parts = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, parts.last == "" {
            parts.removeLast()
        }
        guard let last = parts.last, isIPv4Number(last) else { return .domain }
        guard parts.count <= 4 else { return .invalid }

        var numbers: [UInt64] = []
        for part in parts {
            guard let number = parseIPv4Number(part) else { return .invalid }
            numbers.append(number)
        }
        guard numbers.dropLast().allSatisfy({ $0 <= 255 }) else { return .invalid }
        let remainingBits = UInt64(8 * (5 - numbers.count))
        guard numbers[numbers.count - 1] < (1 << remainingBits) else { return .invalid }

        var value = numbers[numbers.count - 1]
        for (index, number) in numbers.dropLast().enumerated() {
            value += number << UInt64(8 * (3 - index))
        }
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (3 - $0))) }
        return IPAddress(bytes: bytes).map(URLHostIPv4.address) ?? .invalid
    }

    /// Returns whether a label is a number: digits, or `0x` and hex digits (the WHATWG
    /// "ends in a number checker").
    private static func isIPv4Number(_ label: String) -> Bool {
        if !label.isEmpty, label.allSatisfy(\.isASCIIDigit) {
            return true
        }
        let lower = label.lowercased()
        return lower.hasPrefix("0x") && lower.dropFirst(2).allSatisfy(\.isASCIIHexDigit)
    }

    /// Parses one part of a WHATWG IPv4 address: `0x`-prefixed hex, `0`-prefixed octal or decimal.
    private static func parseIPv4Number(_ part: String) -> UInt64? {
        guard !part.isEmpty else { return nil }
        var digits = Substring(part)
        var radix = 10
        if digits.lowercased().hasPrefix("0x") {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count > 1, digits.hasPrefix("0") {
            digits = digits.dropFirst()
            radix = 8
        }
        if digits.isEmpty {
            return 0
        }
        // Sixteen digits already exceed every valid part, and keep UInt64 from overflowing.
        guard digits.count <= 16 else { return nil }
        return UInt64(digits, radix: radix)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
