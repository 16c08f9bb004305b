import Foundation
public import LabKit

/// A protected resource service that accepts only valid, unrevoked access tokens.
public enum ResourceEndpoint {
    /// Returns a handler that checks the bearer token of every request (RFC 6750).
    ///
    /// - A request must carry `Authorization: Bearer <token>`; the scheme name is
    ///   case-insensitive (RFC 9110 §11.1).
    /// - Without credentials the response is 401 with `WWW-Authenticate: Bearer realm="…"`
    ///   and no error code (RFC 6750 §3.1).
    /// - When `verify` throws, the response is 401 with
    ///   `WWW-Authenticate: Bearer realm="…", error="invalid_token", error_description="the access token is invalid"`.
    ///   The description is the same for every failure, so it does not tell an attacker
    ///   whether the signature, the audience, the expiry or the revocation list rejected it.
    /// - A valid token gets 200 with the text `hello <sub>`.
    ///
    /// - Parameters:
    ///   - realm: The protection space named in `WWW-Authenticate`.
    ///   - verify: Verifies an access token and returns its claims, for example
    ///     ``AuthorizationService/verifyAccessToken(_:)``.
    public static func handler(realm: String, verify: @escaping @Sendable (String) throws -> JWTClaims) -> HTTPHandler {
        // TODO: Part 6 — read the bearer token, verify it, and answer 200 or an RFC 6750 challenge.
        { _ in HTTPResponse(status: .notImplemented, text: "TODO: Part 6 — check the bearer token") }
    }
}
