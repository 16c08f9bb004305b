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
        { request in
            guard let token = bearerToken(in: request) else {
                return unauthorized("Bearer realm=\"\(realm)\"")
            }
            guard let claims = try? verify(token) else {
                return unauthorized(
                    "Bearer realm=\"\(realm)\", error=\"invalid_token\", error_description=\"the access token is invalid\""
                )
            }
            return HTTPResponse(status: .ok, text: "hello \(claims.sub ?? "")")
        }
    }

    /// Returns the token of an `Authorization: Bearer <token>` header, or `nil` when the
    /// request has no bearer credentials: no header, another scheme, or an empty token.
    private static func bearerToken(in request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else {
            return nil
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return nil
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private static func unauthorized(_ challenge: String) -> HTTPResponse {
        HTTPResponse(status: .unauthorized, headers: ["WWW-Authenticate": challenge], text: "unauthorized")
    }
}
