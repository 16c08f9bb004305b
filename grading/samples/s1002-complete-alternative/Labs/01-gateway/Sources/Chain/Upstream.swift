public import LabKit

/// The destination of a request that every middleware let through: the final step of
/// the chain.
///
/// ``Forwarder`` sends requests to backend services over HTTP; tests use stubs.
public protocol Upstream: Sendable {
    /// Sends an authorized request on and returns the response for the client.
    /// - Parameter context: The request, with ``RequestContext/match`` and
    ///   ``RequestContext/application`` set.
    func send(_ context: RequestContext) async throws -> HTTPResponse
}
