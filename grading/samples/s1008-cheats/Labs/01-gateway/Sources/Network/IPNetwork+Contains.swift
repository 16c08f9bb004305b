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
        // TODO: Part 5 — compare the first prefixLength bits, treating an IPv4-mapped IPv6
        // candidate as its IPv4 address (see IPAddress.embeddedIPv4 and IPNetwork.masked).
        return false
    }
}
