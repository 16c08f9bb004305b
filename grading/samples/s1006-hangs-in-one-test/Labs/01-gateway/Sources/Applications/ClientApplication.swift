/// A client application registered with the gateway, with its own API key and permissions.
///
/// An application is a partner's server, a mobile app's back end or a batch job.
public struct ClientApplication: Sendable, Hashable, CustomStringConvertible {
    /// A unique, non-secret identifier, safe to log and forwarded to backends as
    /// `X-Consumer-ID`.
    public let id: String
    /// The names of the routes (``Route/name``) the application may call.
    public let permittedRoutes: Set<String>
    /// The networks the application may call from, checked by ``AccessControlMiddleware``.
    ///
    /// An empty list allows calls from anywhere.
    public let allowedNetworks: [IPNetwork]

    public init(id: String, permittedRoutes: Set<String>, allowedNetworks: [IPNetwork] = []) {
        self.id = id
        self.permittedRoutes = permittedRoutes
        self.allowedNetworks = allowedNetworks
    }

    public var description: String { id }
}
