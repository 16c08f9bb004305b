/// A client application registered with the gateway: a partner's server, a mobile app's
/// back end, a batch job. Each has its own API key and its own permissions.
public struct ClientApplication: Sendable, Hashable, CustomStringConvertible {
    /// A unique, non-secret identifier, safe to log and forwarded to backends as
    /// `X-Consumer-ID`.
    public let id: String
    /// The names of the routes (``Route/name``) the application may call.
    public let permittedRoutes: Set<String>
    /// The networks the application may call from; empty means from anywhere.
    /// Checked by ``AccessControlMiddleware``.
    public let allowedNetworks: [IPNetwork]

    public init(id: String, permittedRoutes: Set<String>, allowedNetworks: [IPNetwork] = []) {
        self.id = id
        self.permittedRoutes = permittedRoutes
        self.allowedNetworks = allowedNetworks
    }

    public var description: String { id }
}
