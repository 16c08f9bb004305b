import Foundation
public import LabKit

/// A protected resource service that accepts only valid, unrevoked access tokens.
public enum ResourceEndpoint {
    /// Returns a handler that checks the bearer token of every request (RFC 6750).
    ///
    /// - A request must carry `Authorization: Bearer <token>`. The scheme name is
    ///   case-insensitive (RFC 9110 §11.1), and spaces around the token are ignored.
    /// - A request without bearer credentials gets 401 with exactly
    ///   `WWW-Authenticate: Bearer realm="…"` and no error code (RFC 6750 §3.1). That covers
    ///   a missing `Authorization` header, another scheme such as `Basic …`, and `Bearer`
    ///   with no token after it. None of them reaches `verify`.
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
        let message = LabKitError.notImplemented("check the bearer token", part: 6, in: "ResourceEndpoint").message
        return { _ in HTTPResponse(status: .notImplemented, text: message) }
    }
}
