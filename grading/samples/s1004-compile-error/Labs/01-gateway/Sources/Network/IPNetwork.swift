import LabKit

/// A block of addresses in CIDR notation (RFC 4632 §3.1), such as `10.0.0.0/8` or
/// `fe80::/10`: every address whose first ``prefixLength`` bits equal those of
/// ``address``.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block, with the bits after the prefix cleared.
    public let address: IPAddress
    /// How many leading bits every address in the block shares: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int

    /// Creates a network from an address and a prefix length.
    /// - Throws: `LabKitError` with code `.invalidArgument` when the prefix length is
    ///   longer than the address.
    public init(address: IPAddress, prefixLength: Int) throws {
        let bitCount = address.bytes.count * 8
        guard (0...bitCount).contains(prefixLength) else {
            throw LabKitError(
                .invalidArgument,
                "prefix length \(prefixLength) is invalid for \(address); use 0–\(bitCount)"
            )
        }
        self.address = IPAddress(bytes: Self.masked(address.bytes, prefixLength: prefixLength)) ?? address
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix`, or a bare address as a single-address network (`/32` or `/128`).
    /// - Throws: `LabKitError` with code `.invalidArgument` for anything else.
    public init(_ text: String) throws {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else {
            throw LabKitError(.invalidArgument, "\"\(text)\" is not an IP address or a CIDR block such as 10.0.0.0/8")
        }
        var prefixLength = address.bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else {
                throw LabKitError(.invalidArgument, "\"\(text)\" has an invalid prefix length after the /")
            }
            prefixLength = length
        }
        try self.init(address: address, prefixLength: prefixLength)
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Returns the bytes with every bit after the first `prefixLength` set to zero.
    static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsInThisByte = min(max(prefixLength - index * 8, 0), 8)
            let mask = bitsInThisByte == 0 ? UInt8(0) : UInt8(truncatingIfNeeded: 0xff << (8 - bitsInThisByte))
            return byte & mask
        }
    }
}
