public import LabKit

/// The permissions of calling services on one service's endpoints.
///
/// A mesh's authorization policy (such as an Istio `AuthorizationPolicy`) makes this
/// decision after mutual TLS has established who is calling.
public struct ServiceAuthorizationPolicy: Sendable {
    /// One permission: a method and a path prefix.
    public struct Rule: Hashable, Sendable {
        /// The HTTP method, such as `GET`.
        public var method: HTTPMethod
        /// The path prefix, matched on whole segments: `/invoices` allows `/invoices` and
        /// `/invoices/7`, not `/invoices-archive`.
        public var pathPrefix: String

        public init(_ method: HTTPMethod, _ pathPrefix: String) {
            self.method = method
            self.pathPrefix = pathPrefix
        }
    }

    /// The rules by caller's service name (``ServiceIdentity/serviceName``).
    public let rules: [String: [Rule]]

    public init(rules: [String: [Rule]]) {
        self.rules = rules
    }

    /// Checks whether `caller` may send `method` to `path`.
    ///
    /// Denies by default: a caller without rules may call nothing. A rule matches when its
    /// method equals `method` and `path` equals its prefix or continues it with `/`. A prefix
    /// that ends with `/`, such as `/` itself, covers every path that starts with it.
    ///
    /// A path with a `.` or `..` segment, a `\`, or a percent-encoded `/`, `\` or `.`
    /// (`%2F`, `%5C`, `%2E` in either case) is denied, whatever the rules allow: a server or a
    /// proxy behind this check may resolve `/invoices/../admin` to `/admin`, which the
    /// `/invoices` rule never allowed.
    public func allows(_ caller: ServiceIdentity, _ method: HTTPMethod, _ path: String) -> Bool {
        guard !Self.isAmbiguous(path) else { return false }
        return (rules[caller.serviceName] ?? []).contains { rule in
            let segmentPrefix = rule.pathPrefix.hasSuffix("/") ? rule.pathPrefix : rule.pathPrefix + "/"
            return rule.method == method && (path == rule.pathPrefix || path.hasPrefix(segmentPrefix))
        }
    }

    /// Checks whether `path` has a dot segment or a percent-encoded separator or dot, which
    /// servers resolve differently.
    private static func isAmbiguous(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == "." || $0 == ".." }) {
            return true
        }
        let lowercased = path.lowercased()
        return ["%2f", "%5c", "%2e"].contains { lowercased.contains($0) } || path.contains("\\")
    }
}
