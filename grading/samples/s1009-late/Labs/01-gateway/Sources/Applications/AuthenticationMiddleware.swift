public import LabKit

/// Identifies the calling application by its API key, or responds with `401 Unauthorized`.
public struct AuthenticationMiddleware: Middleware {
    /// The challenge sent with every `401`.
    ///
    /// RFC 9110 §11.6.1 requires at least one challenge. No authentication scheme for API
    /// keys is registered with IANA, so the lab names its own.
    public static let challenge = #"Key realm="gateway", header="X-API-Key""#

    public let registry: ApplicationRegistry
    public let logger: Logger

    public init(registry: ApplicationRegistry, logger: Logger) {
        self.registry = registry
        self.logger = logger
    }

    /// Reads the key from the one `X-API-Key` header (``APIKey/headerName``), looks it
    /// up with ``ApplicationRegistry/application(forKey:)``, sets
    /// ``RequestContext/application`` and calls `next`.
    ///
    /// A missing key, an empty key, several `X-API-Key` fields or an unknown key all get
    /// the same response: `401 Unauthorized` with a ``HTTPResponse/gatewayError(_:requestID:headers:)``
    /// body and a `WWW-Authenticate` header set to ``challenge``. Responding alike keeps a
    /// client from telling "no such key" from "wrong format". A key in the query string is
    /// ignored, because URLs end up in logs, browser history and `Referer` headers.
    ///
    /// Each rejection is logged at `info` with the request id and the reason, never with
    /// the key.
    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        let presented = context.request.headers.values(for: APIKey.headerName)
        let rejection: String
        switch presented.count {
        case 0:
            rejection = "missing API key"
        case 1 where presented[0].isEmpty:
            rejection = "empty API key"
        case 1:
            if let application = registry.application(forKey: presented[0]) {
                var authenticated = context
                authenticated.application = application
                return try await next(authenticated)
            }
            rejection = "unknown API key"
        default:
            rejection = "\(presented.count) API key fields"
        }

        logger.info(
            "request rejected: \(rejection)",
            metadata: ["request_id": context.requestID, "reason": rejection]
        )
        return .gatewayError(
            .unauthorized, requestID: context.requestID, headers: ["WWW-Authenticate": Self.challenge])
    }
}
