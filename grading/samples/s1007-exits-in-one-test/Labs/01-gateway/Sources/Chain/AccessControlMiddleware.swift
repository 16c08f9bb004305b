public import LabKit

/// Lets an application call only from the networks it registered, or responds with
/// `403 Forbidden`, like Kong's `ip-restriction` plugin applied per consumer.
///
/// An application with an empty ``ClientApplication/allowedNetworks`` list may call from
/// anywhere. The decision uses ``IPNetwork/contains(_:)`` on the TCP peer's address.
public struct AccessControlMiddleware: Middleware {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func respond(to context: RequestContext, next: Next) async throws -> HTTPResponse {
        guard let application = context.application else {
            throw GatewayMisconfiguration(
                "AccessControlMiddleware needs an application; place it after AuthenticationMiddleware")
        }
        guard !application.allowedNetworks.isEmpty else {
            return try await next(context)
        }
        if let peer = context.request.peer, let address = IPAddress(peer.host),
            application.allowedNetworks.contains(where: { $0.contains(address) })
        {
            return try await next(context)
        }
        logger.notice(
            "application called from a network it has not registered",
            metadata: [
                "request_id": context.requestID, "application": application.id,
                "peer": context.request.peer?.host ?? "none",
            ]
        )
        return .gatewayError(.forbidden, requestID: context.requestID)
    }
}
