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
        { request in
            switch (request.method, request.path) {
            case (.post, "/login"):
                return tokenResponse(request, logger, LoginRequest.self) {
                    try service.login(username: $0.username, password: $0.password)
                }
            case (.post, "/refresh"):
                return tokenResponse(request, logger, RefreshRequest.self) { try service.refresh($0.refresh_token) }
            case (.post, "/logout"):
                return respond(request, logger, RefreshRequest.self) { body in
                    try service.logout(body.refresh_token)
                    return HTTPResponse(status: .noContent)
                }
            case (.get, "/.well-known/jwks.json"):
                return try HTTPResponse(status: .ok, json: try service.keyRing.keySet)
            default:
                return HTTPResponse(status: .notFound, text: "not found")
            }
        }
    }

    private static func tokenResponse<Body: Decodable>(
        _ request: HTTPRequest, _ logger: Logger, _ type: Body.Type, _ issue: (Body) throws -> TokenPair
    ) -> HTTPResponse {
        respond(request, logger, type) { body in
            try HTTPResponse(status: .ok, headers: ["Cache-Control": "no-store"], json: TokenResponse(try issue(body)))
        }
    }

    /// Decodes the body and runs `action`, turning every failure into a generic error response.
    private static func respond<Body: Decodable>(
        _ request: HTTPRequest, _ logger: Logger, _ type: Body.Type, _ action: (Body) throws -> HTTPResponse
    ) -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(type, from: request.body) else {
            logger.info("rejected a request with an invalid body", metadata: ["path": request.path])
            return errorResponse("invalid_request")
        }
        do {
            return try action(body)
        } catch {
            // The code goes to the log for operators; the client gets only invalid_grant.
            let reason = (error as? JWTError)?.code.description ?? "\(Swift.type(of: error))"
            logger.info("rejected a token request", metadata: ["path": request.path, "reason": reason])
            return errorResponse("invalid_grant")
        }
    }

    private static func errorResponse(_ code: String) -> HTTPResponse {
        (try? HTTPResponse(status: .badRequest, json: ErrorResponse(error: code)))
            ?? HTTPResponse(status: .badRequest, text: code)
    }
}
