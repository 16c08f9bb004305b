#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, parsed with the C library's `inet_pton(3)`.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    /// The text the address was parsed from.
    public let description: String

    /// Parses `192.0.2.10` or `2001:db8::1`; returns `nil` for anything else.
    ///
    /// IPv4 must be four decimal numbers without leading zeros, as `inet_pton(3)` requires, so
    /// `010.0.0.1` (octal to some parsers) is rejected rather than guessed. Text with a NUL or a
    /// non-ASCII character is rejected too, because C would stop reading at the NUL and accept
    /// `10.0.0.1\0anything` as `10.0.0.1`.
    public init?(_ text: String) {
        guard text.utf8.allSatisfy({ $0 != 0 && $0 < 0x80 }) else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        }
        description = text
    }

    /// Whether the address is IPv4.
    public var isIPv4: Bool { bytes.count == 4 }

    public static func == (lhs: IPAddress, rhs: IPAddress) -> Bool { lhs.bytes == rhs.bytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

/// A block of addresses in CIDR notation, such as `10.0.0.0/8` (RFC 4632 §3.1).
public struct CIDRBlock: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block; host bits of the written address are cleared.
    public let network: IPAddress
    /// The number of leading bits that every address of the block shares.
    public let prefixLength: Int
    /// The text the block was parsed from.
    public let description: String

    /// Parses `ADDRESS/LENGTH`; returns `nil` when either part is invalid.
    ///
    /// Host bits set in the address (`10.0.0.1/8`) are accepted and cleared, as Kubernetes accepts
    /// them in the legacy `ipBlock` fields.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])),
            let length = Int(parts[1]), parts[1].allSatisfy(\.isASCII), parts[1].first != "+",
            (0...(address.bytes.count * 8)).contains(length)
        else { return nil }
        prefixLength = length
        network = IPAddress(masking: address, toPrefix: length)
        description = text
    }

    /// Returns whether `address` is inside the block, which is never true of an IPv4 address and an IPv6 block.
    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        return IPAddress(masking: address, toPrefix: prefixLength) == network
    }
}

extension IPAddress {
    /// Creates the address with every bit after the first `length` cleared.
    init(masking address: IPAddress, toPrefix length: Int) {
        var bytes = address.bytes
        for index in bytes.indices {
            let bitsKept = min(8, max(0, length - index * 8))
            let mask: UInt8 = bitsKept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
            bytes[index] &= mask
        }
        self.init(bytes: bytes)
    }

    /// Makes an address from 4 or 16 bytes, formatting it with `inet_ntop(3)`.
    init(bytes: [UInt8]) {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        self.bytes = bytes
        description = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
