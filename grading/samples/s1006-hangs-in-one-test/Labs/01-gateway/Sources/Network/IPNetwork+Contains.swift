extension IPNetwork {
    /// Returns whether an address lies inside this network.
    ///
    /// The first ``prefixLength`` bits of `candidate` must equal those of ``address``.
    /// An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) is compared as the IPv4 address
    /// it carries, because a connection to it reaches that IPv4 address. Otherwise an
    /// IPv4 network never contains an IPv6 address, and the other way round.
    ///
    /// - Parameter candidate: The address to test.
    /// - Returns: `true` when `candidate` is in the network.
    public func contains(_ candidate: IPAddress) -> Bool {
        var other = candidate
        if address.family == .ipv4, candidate.family == .ipv6, let mapped = candidate.embeddedIPv4 {
            other = mapped
        }
        guard other.family == address.family else {
            return false
        }
        return Self.commonPrefixLength(address.bytes, other.bytes) >= prefixLength
    }

    /// Counts the leading bits two equally long byte strings share.
    private static func commonPrefixLength(_ left: [UInt8], _ right: [UInt8]) -> Int {
        var length = 0
        for (a, b) in zip(left, right) {
            let difference = a ^ b
            length += difference.leadingZeroBitCount
            if difference != 0 {
                break
            }
        }
        return length
    }
}
