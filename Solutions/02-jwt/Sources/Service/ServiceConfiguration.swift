public import Foundation
public import LabKit

/// The settings of an ``AuthorizationService``.
public struct ServiceConfiguration: Sendable {
    /// The `iss` of every token, and the `aud` of refresh tokens, which only this service accepts.
    public var issuer: String
    /// The `aud` of access tokens: the resource services that accept them.
    public var audience: String
    /// How long an access token is valid, in seconds; one hour unless set.
    public var accessTokenLifetime: TimeInterval
    /// How long a refresh token is valid, in seconds; two hours unless set.
    public var refreshTokenLifetime: TimeInterval
    /// The password hashing function and its cost.
    public var passwordParameters: PasswordHash.Parameters
    /// The clock skew, in seconds, that the service's verifiers tolerate around `exp`, `nbf`
    /// and `iat`; 30 seconds unless set.
    ///
    /// A token is accepted until `exp + leeway`, so a revocation entry must stay on the list
    /// until then (see ``AuthorizationService/pruneRevocations()``).
    ///
    /// NOTE: A resource service that builds its own ``ClaimsPolicy`` must not tolerate more
    /// than this leeway, or a pruned revocation would let a revoked token through again.
    public var leeway: TimeInterval

    /// Creates a configuration.
    public init(
        issuer: String,
        audience: String,
        accessTokenLifetime: TimeInterval = 3600,
        refreshTokenLifetime: TimeInterval = 7200,
        passwordParameters: PasswordHash.Parameters = .recommended,
        leeway: TimeInterval = 30
    ) {
        self.issuer = issuer
        self.audience = audience
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.passwordParameters = passwordParameters
        self.leeway = leeway
    }
}

/// An access token and the refresh token issued with it.
public struct TokenPair: Sendable, Equatable {
    /// The short-lived token that resource services accept.
    public var accessToken: String
    /// The longer-lived token that only ``AuthorizationService/refresh(_:)`` accepts.
    public var refreshToken: String
    /// The access token's lifetime in seconds, as OAuth's `expires_in` (RFC 6749 §5.1).
    public var expiresIn: TimeInterval

    /// Creates a pair.
    public init(accessToken: String, refreshToken: String, expiresIn: TimeInterval) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
    }
}
