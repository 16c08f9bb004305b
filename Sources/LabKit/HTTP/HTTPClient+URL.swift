import Foundation

extension HTTPClient {
    /// The parts of an `http://` or `https://` URL that a request needs.
    struct ParsedURL {
        var endpoint: Endpoint
        /// The request target in origin form: path and query, such as `/orders?id=7` (RFC 9112 §3.2.1).
        var target: String
        /// The host and port as written in the URL, for the `Host` field.
        var authority: String

        /// Parses `http://HOST[:PORT]/PATH[?QUERY]` (or `https://`), where HOST is a numeric
        /// address or `localhost`.
        ///
        /// - Throws: `LabKitError` with `.invalidArgument` for another scheme, a missing or
        ///   non-numeric host, or userinfo, which is never sent in a request target.
        init(_ url: String) throws {
            let components = URLComponents(string: url)
            let scheme = components?.scheme?.lowercased()
            guard let components, scheme == "http" || scheme == "https" else {
                throw LabKitError(
                    .invalidArgument, "'\(url)' is not an http:// or https:// URL; HTTPClient sends HTTP only")
            }
            guard components.user == nil, components.password == nil else {
                throw LabKitError(
                    .invalidArgument, "'\(url)' contains user information; send credentials in a header instead")
            }
            guard var host = components.host, !host.isEmpty else {
                throw LabKitError(.invalidArgument, "'\(url)' has no host; write it as http://127.0.0.1:8080/path")
            }
            let writtenHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            let isTLS = scheme == "https"
            let port = components.port ?? (isTLS ? 443 : 80)
            guard let port = UInt16(exactly: port) else {
                throw LabKitError(.invalidArgument, "the port in '\(url)' is outside 0–65535")
            }
            // Names other than localhost would need DNS, whose C call blocks the calling thread.
            let numericHost = host.lowercased() == "localhost" ? "127.0.0.1" : host
            // The certificate is checked against the name as written, `localhost` included.
            endpoint = Endpoint(
                address: SocketAddress(host: numericHost, port: port),
                tlsServerName: isTLS ? host.lowercased() : nil)
            authority = components.port == nil ? writtenHost : "\(writtenHost):\(port)"
            let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            target = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        }
    }
}
