/// The JSON body of `POST /login`.
public struct LoginRequest: Codable, Sendable {
    /// The user name.
    public var username: String
    /// The password in clear text, which is why the endpoint belongs behind TLS.
    public var password: String

    /// Creates a request body.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// The JSON body of `POST /refresh` and `POST /logout`.
public struct RefreshRequest: Codable, Sendable {
    /// The refresh token (the name follows RFC 6749 §6).
    public var refresh_token: String

    /// Creates a request body.
    public init(refreshToken: String) {
        self.refresh_token = refreshToken
    }
}

/// A successful token response, named as in RFC 6749 §5.1.
public struct TokenResponse: Codable, Sendable, Equatable {
    public var access_token: String
    public var refresh_token: String
    public var token_type: String
    public var expires_in: Double

    /// Creates the response for a token pair, with `token_type` `Bearer`.
    public init(_ pair: TokenPair) {
        access_token = pair.accessToken
        refresh_token = pair.refreshToken
        token_type = "Bearer"
        expires_in = pair.expiresIn
    }
}

/// An error response, named as in RFC 6749 §5.2 (`invalid_request`, `invalid_grant`).
public struct ErrorResponse: Codable, Sendable, Equatable {
    public var error: String

    /// Creates an error response.
    public init(error: String) {
        self.error = error
    }
}
