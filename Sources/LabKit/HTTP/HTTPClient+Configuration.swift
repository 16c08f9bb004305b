extension HTTPClient {
    /// Timeouts and limits that apply to every request a client sends.
    public struct Configuration: Sendable {
        /// How long opening a connection (with the TLS handshake for HTTPS) may take before
        /// the request fails with `.timedOut`.
        public var connectTimeout: Duration
        /// How long the whole exchange may take once connected: sending the request and
        /// receiving the complete response.
        ///
        /// Exceeding it fails with `.timedOut`.
        public var readTimeout: Duration
        /// The maximum number of idle keep-alive connections kept open per address for later requests.
        public var maxIdleConnectionsPerHost: Int
        /// The largest response body in bytes; a larger one fails with `.limitExceeded`.
        public var maxResponseBodyBytes: Int
        /// The TLS settings for `https` requests, or `nil` for the secure default: the
        /// system's trust store, with the server's name checked.
        public var tls: TLSConfiguration?

        /// Creates the default configuration: 5 s to connect, 30 s for each response,
        /// 8 idle connections per address, 16 MiB bodies.
        public init() {
            self.init(connectTimeout: .seconds(5))
        }

        /// Creates a configuration, with every parameter defaulting as in ``init()``.
        public init(
            connectTimeout: Duration = .seconds(5),
            readTimeout: Duration = .seconds(30),
            maxIdleConnectionsPerHost: Int = 8,
            maxResponseBodyBytes: Int = 16 * 1024 * 1024,
            tls: TLSConfiguration? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
            self.maxResponseBodyBytes = maxResponseBodyBytes
            self.tls = tls
        }

        /// Limits for response heads, which have no setting of their own.
        static let responseHeadLimits = HeadLimits(
            maxStartLineLength: 8 * 1024,
            maxHeaderCount: 256,
            maxHeaderBytes: 64 * 1024
        )

        var bodyLimits: BodyLimits {
            BodyLimits(maxBodyBytes: maxResponseBodyBytes, trailer: Self.responseHeadLimits)
        }
    }
}
