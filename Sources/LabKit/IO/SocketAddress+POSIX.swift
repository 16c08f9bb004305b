#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Conversion to and from sockaddr

extension SocketAddress {
    /// The address family: `AF_INET` for dotted IPv4, `AF_INET6` when the host contains `:`.
    var family: Int32 {
        host.contains(":") ? AF_INET6 : AF_INET
    }

    /// Calls `body` with this address as a `sockaddr` and its length, for `bind` and `connect`.
    ///
    /// - Throws: `LabKitError` with code `.invalidArgument` when the host is not a numeric
    ///   IPv4 or IPv6 address, because name resolution would block the calling thread.
    func withSockAddr<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result
    ) throws -> Result {
        var storage = sockaddr_storage()
        let length = try fill(&storage)
        return try withUnsafePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }

    private func fill(_ storage: inout sockaddr_storage) throws -> socklen_t {
        let converted: Int32
        let length: Int
        if family == AF_INET6 {
            length = MemoryLayout<sockaddr_in6>.size
            converted = storage.withRebound(to: sockaddr_in6.self) { address in
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = port.bigEndian
                return inet_pton(AF_INET6, host, &address.sin6_addr)
            }
        } else {
            length = MemoryLayout<sockaddr_in>.size
            converted = storage.withRebound(to: sockaddr_in.self) { address in
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                return inet_pton(AF_INET, host, &address.sin_addr)
            }
        }
        guard converted == 1 else {
            throw LabKitError(
                .invalidArgument,
                "'\(host)' is not a numeric IPv4 or IPv6 address; use an address such as 127.0.0.1"
            )
        }
        #if canImport(Darwin)
            storage.ss_len = UInt8(length)
        #endif
        return socklen_t(length)
    }

    /// Reads an IPv4 or IPv6 address from a `sockaddr_storage` filled by `accept`,
    /// `getsockname` or `getpeername`; returns `nil` for any other family.
    init?(_ storage: sockaddr_storage) {
        var storage = storage
        let family = Int32(storage.ss_family)
        let decoded: (String, UInt16)? = withUnsafeBytes(of: &storage) { raw in
            switch family {
            case AF_INET:
                let address = raw.load(as: sockaddr_in.self)
                let host = withUnsafeBytes(of: address.sin_addr) { numericHost(family: AF_INET, address: $0) }
                return host.map { ($0, UInt16(bigEndian: address.sin_port)) }
            case AF_INET6:
                let address = raw.load(as: sockaddr_in6.self)
                let host = withUnsafeBytes(of: address.sin6_addr) { numericHost(family: AF_INET6, address: $0) }
                return host.map { ($0, UInt16(bigEndian: address.sin6_port)) }
            default:
                return nil
            }
        }
        guard let (host, port) = decoded else { return nil }
        self.init(host: host, port: port)
    }
}

extension sockaddr_storage {
    /// Calls `body` with this storage viewed as a specific address type, such as `sockaddr_in`.
    mutating func withRebound<Address, Result>(
        to type: Address.Type,
        _ body: (inout Address) -> Result
    ) -> Result {
        withUnsafeMutablePointer(to: &self) { storage in
            storage.withMemoryRebound(to: type, capacity: 1) { body(&$0.pointee) }
        }
    }
}

/// Formats an `in_addr` or `in6_addr` with `inet_ntop`.
private func numericHost(family: Int32, address: UnsafeRawBufferPointer) -> String? {
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(family, address.baseAddress, &text, socklen_t(text.count)) != nil else { return nil }
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
