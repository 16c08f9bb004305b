import Foundation
public import LabKit

extension AuthorizationService {
    /// Adds a user whose password is stored only as a salted slow hash.
    ///
    /// The hash is `PasswordHash(hashing:parameters:)` with
    /// ``ServiceConfiguration/passwordParameters``, stored as ``PasswordHash/encoded``.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/duplicateUser`` when the name is taken.
    public func register(username: String, password: String) throws {
        let hash = try PasswordHash(hashing: password, parameters: configuration.passwordParameters)
        try database.transaction(.immediate) { connection in
            let existing = try connection.query("SELECT 1 FROM users WHERE username = ?", [.text(username)])
            guard existing.isEmpty else {
                throw JWTError(.duplicateUser, "user \(username) already exists")
            }
            _ = try connection.run(
                "INSERT INTO users (username, password_hash) VALUES (?, ?)", [.text(username), .text(hash.encoded)])
        }
    }

    /// Checks a password and issues a new token pair in a new refresh-token family.
    ///
    /// An unknown user and a wrong password throw the same error with the same message, and
    /// both compute one password hash, so neither the answer nor its timing tells an
    /// attacker which user names exist.
    ///
    /// On success, the pair comes from ``issueTokenPair(for:family:in:)`` inside one
    /// `database.transaction(.immediate)`. The new family's ID is a fresh random value that
    /// no other login can get, such as `UUID().uuidString` (a random version 4 UUID).
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/invalidCredentials``.
    public func login(username: String, password: String) throws -> TokenPair {
        let rows = try database.query("SELECT password_hash FROM users WHERE username = ?", [.text(username)])
        let stored = try rows.first?["password_hash"].text.map { try PasswordHash(parsing: $0) }
        // For an unknown user, hash the password anyway so the response takes as long as for
        // a known user with a wrong password.
        let hash = try stored ?? PasswordHash(hashing: "", parameters: configuration.passwordParameters)
        // PasswordHash.matches compares the derived keys in constant time.
        guard try hash.matches(password), stored != nil else {
            throw JWTError(.invalidCredentials, "invalid user name or password")
        }
        return try database.transaction(.immediate) { connection in
            try issueTokenPair(for: username, family: UUID().uuidString, in: connection)
        }
    }

    /// Issues an access token and a refresh token and stores the refresh token.
    ///
    /// - The access token has `iss` = issuer, `sub` = `username`, `aud` = [audience],
    ///   `iat` = now, `exp` = now + ``ServiceConfiguration/accessTokenLifetime`` and a random
    ///   `jti` (for example `UUID().uuidString`), where now is `clock.now` in whole seconds,
    ///   rounded down. Libraries such as PyJWT 2.6 compare `iat` with their clock's whole
    ///   second and reject a fractional `iat` as not yet valid.
    /// - The refresh token has the same `iss` and `sub`, `aud` = [issuer], `iat` = now,
    ///   `exp` = now + ``ServiceConfiguration/refreshTokenLifetime`` and its own random `jti`.
    /// - Both are signed by ``KeyRing/sign(_:)``.
    /// - A row in `refresh_tokens` stores the refresh token's ``storageHash(of:)`` (never the
    ///   token itself), its `jti`, `family`, `username`, the access token's `jti` and `exp`,
    ///   the refresh `exp`, and `used = 0`.
    ///
    /// - Parameters:
    ///   - username: The subject.
    ///   - family: The refresh-token family: new at login, inherited on refresh.
    ///   - connection: The connection of the caller's open transaction.
    public func issueTokenPair(for username: String, family: String, in connection: SQLiteConnection) throws
        -> TokenPair
    {
        let now = clock.now.timeIntervalSince1970.rounded(.down)
        let access = JWTClaims(
            iss: configuration.issuer, sub: username, aud: [configuration.audience],
            exp: now + configuration.accessTokenLifetime, iat: now, jti: UUID().uuidString)
        let refresh = JWTClaims(
            iss: configuration.issuer, sub: username, aud: [configuration.issuer],
            exp: now + configuration.refreshTokenLifetime, iat: now, jti: UUID().uuidString)
        let pair = TokenPair(
            accessToken: try keyRing.sign(access), refreshToken: try keyRing.sign(refresh),
            expiresIn: configuration.accessTokenLifetime)
        _ = try connection.run(
            """
            INSERT INTO refresh_tokens
                (token_hash, jti, family, username, access_jti, access_expires_at, expires_at, used)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0)
            """,
            [
                .text(Self.storageHash(of: pair.refreshToken)), .text(refresh.jti ?? ""), .text(family),
                .text(username), .text(access.jti ?? ""), .real(access.exp ?? now), .real(refresh.exp ?? now),
            ])
        return pair
    }
}
