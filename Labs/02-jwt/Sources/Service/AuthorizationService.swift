import Foundation
public import LabKit

/// The central authorization service: it stores users, issues token pairs, rotates refresh
/// tokens and keeps the revocation list.
///
/// Everything it must remember across a restart lives in SQLite:
///
/// | table | columns |
/// | --- | --- |
/// | `users` | `username` (primary key), `password_hash` (``PasswordHash/encoded``) |
/// | `refresh_tokens` | `token_hash` (hex SHA-256 of the token, primary key), `jti`, `family`, `username`, `access_jti`, `access_expires_at`, `expires_at`, `used` (0 or 1) |
/// | `revocations` | `jti` (primary key), `expires_at` (the token's `exp`, for pruning) |
///
/// A `refresh_tokens` row lives as long as its family: rotation marks it used, and logout or
/// a reuse response deletes the rows of the families it ends.
public final class AuthorizationService: Sendable {
    /// The database with the tables above.
    public let database: SQLiteDatabase
    /// The private signing keys.
    public let keyRing: KeyRing
    /// The issuer, audiences, lifetimes and password cost.
    public let configuration: ServiceConfiguration
    /// The source of the current time.
    public let clock: any WallClock

    /// Opens the service on a database, creating the tables when they do not exist.
    public init(
        database: SQLiteDatabase, keyRing: KeyRing, configuration: ServiceConfiguration, clock: any WallClock
    ) throws {
        self.database = database
        self.keyRing = keyRing
        self.configuration = configuration
        self.clock = clock
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS users (
                username TEXT PRIMARY KEY, password_hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS refresh_tokens (
                token_hash TEXT PRIMARY KEY, jti TEXT NOT NULL, family TEXT NOT NULL,
                username TEXT NOT NULL, access_jti TEXT NOT NULL, access_expires_at REAL NOT NULL,
                expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS revocations (
                jti TEXT PRIMARY KEY, expires_at REAL NOT NULL);
            """)
    }

    /// A verifier for access tokens: the ring's public keys, ``ServiceConfiguration/issuer``,
    /// ``ServiceConfiguration/audience`` and ``ServiceConfiguration/leeway``.
    public func accessTokenVerifier() throws -> TokenVerifier {
        let policy = ClaimsPolicy(
            issuer: configuration.issuer, audience: configuration.audience, leeway: configuration.leeway)
        return try TokenVerifier(keySet: keyRing.keySet, policy: policy, clock: clock)
    }

    /// A verifier for refresh tokens, whose audience is the issuer itself, so that an access
    /// token is never accepted as a refresh token or the other way round.
    public func refreshTokenVerifier() throws -> TokenVerifier {
        let policy = ClaimsPolicy(
            issuer: configuration.issuer, audience: configuration.issuer, leeway: configuration.leeway)
        return try TokenVerifier(keySet: keyRing.keySet, policy: policy, clock: clock)
    }

    /// The hex SHA-256 of a token, the form in which refresh tokens are stored.
    static func storageHash(of token: String) -> String {
        Digest.sha256.hash(token).hexString
    }
}
