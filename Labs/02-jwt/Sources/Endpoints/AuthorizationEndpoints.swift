import Foundation
public import LabKit

/// The authorization service's HTTP interface.
public enum AuthorizationEndpoints {
    /// Returns the handler that serves the authorization service over HTTP.
    ///
    /// | request | success | failure |
    /// | --- | --- | --- |
    /// | `POST /login`, JSON ``LoginRequest`` | 200, JSON ``TokenResponse`` | 400 ``ErrorResponse`` `invalid_grant` |
    /// | `POST /refresh`, JSON ``RefreshRequest`` | 200, JSON ``TokenResponse`` | 400 `invalid_grant` |
    /// | `POST /logout`, JSON ``RefreshRequest`` | 204 | 400 `invalid_grant` |
    /// | `GET /.well-known/jwks.json` | 200, the ``KeyRing/keySet`` as JSON | — |
    ///
    /// A body that is not the expected JSON is 400 `invalid_request`, and any other path or
    /// method is 404. Failures never carry the `JWTError` message: `invalid_grant` alone
    /// does not tell an attacker whether a user exists or why a token failed (RFC 6749 §5.2).
    /// Token responses carry `Cache-Control: no-store` (RFC 6749 §5.1).
    ///
    /// - Parameters:
    ///   - service: The service that checks credentials and issues tokens.
    ///   - logger: Receives one line per rejected request, with the path and the `JWTError`
    ///     code but never a token or a password.
    public static func handler(for service: AuthorizationService, logger: Logger = .disabled) -> HTTPHandler {
        // TODO: Part 6 — route the four endpoints to the service as in the table above.
        let message = LabKitError.notImplemented(
            "serve the authorization endpoints", part: 6, in: "AuthorizationEndpoints"
        ).message
        return { _ in HTTPResponse(status: .notImplemented, text: message) }
    }
}
