extension HTTPServer {
    /// The address of a server and the limits it enforces on every connection.
    ///
    /// The defaults suit a lab on one machine. Each limit protects against one kind of
    /// abuse and maps to the status a client receives when it breaks the limit.
    public struct Configuration: Sendable {
        /// The numeric address to bind; keep `127.0.0.1` so that only this machine can connect.
        public var host: String
        /// The port to bind, or `0` for any free port (read the chosen one from ``HTTPServer/start()``).
        public var port: UInt16
        /// The maximum request line length in bytes; a longer one gets `414 URI Too Long`.
        public var maxRequestLineLength: Int
        /// The maximum number of header fields in a request; more get `431 Request Header Fields Too Large`.
        public var maxHeaderCount: Int
        /// The maximum size of a request's header section in bytes; more get `431`.
        public var maxHeaderBytes: Int
        /// The largest request body in bytes, after removing chunked coding; larger gets `413 Content Too Large`.
        public var maxBodyBytes: Int
        /// How long a keep-alive connection may wait for its next request before the server
        /// closes it without a response.
        public var idleTimeout: Duration
        /// How long a client has to send a whole request (head and body) once its first byte
        /// arrives.
        ///
        /// A slower client gets `408 Request Timeout` and the connection closes, which
        /// bounds slowloris-style clients that send a few bytes at a time.
        public var requestTimeout: Duration
        /// How long writing one response may take before the server gives up on a client
        /// that does not read.
        public var writeTimeout: Duration
        /// The maximum number of open connections.
        ///
        /// Beyond it, a new connection gets
        /// `503 Service Unavailable` and is closed.
        public var maxConnections: Int
        /// How long ``HTTPServer/stop()`` lets requests in progress finish before it
        /// cancels them.
        public var shutdownGracePeriod: Duration
        /// The TLS settings that make the server speak HTTPS, or `nil` for plain HTTP.
        ///
        /// Each connection's handshake must finish within ``requestTimeout``.
        public var tls: TLSConfiguration?

        /// Creates the default configuration for `127.0.0.1` on any free port.
        ///
        /// The limits are an 8 KiB request line, 100 fields, a 16 KiB header section and a
        /// 1 MiB body. The timeouts are 30 s idle, 10 s per request and 10 s per response
        /// write. The server accepts 1024 connections and grants 5 s to finish on stop.
        public init() {
            self.init(host: "127.0.0.1")
        }

        /// Creates a configuration, with every parameter defaulting as in ``init()``.
        public init(
            host: String = "127.0.0.1",
            port: UInt16 = 0,
            maxRequestLineLength: Int = 8 * 1024,
            maxHeaderCount: Int = 100,
            maxHeaderBytes: Int = 16 * 1024,
            maxBodyBytes: Int = 1024 * 1024,
            idleTimeout: Duration = .seconds(30),
            requestTimeout: Duration = .seconds(10),
            writeTimeout: Duration = .seconds(10),
            maxConnections: Int = 1024,
            shutdownGracePeriod: Duration = .seconds(5),
            tls: TLSConfiguration? = nil
        ) {
            self.host = host
            self.port = port
            self.maxRequestLineLength = maxRequestLineLength
            self.maxHeaderCount = maxHeaderCount
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeout = idleTimeout
            self.requestTimeout = requestTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.shutdownGracePeriod = shutdownGracePeriod
            self.tls = tls
        }

        var headLimits: HeadLimits {
            HeadLimits(
                maxStartLineLength: maxRequestLineLength,
                maxHeaderCount: maxHeaderCount,
                maxHeaderBytes: maxHeaderBytes
            )
        }

        var bodyLimits: BodyLimits {
            BodyLimits(maxBodyBytes: maxBodyBytes, trailer: headLimits)
        }
    }
}
