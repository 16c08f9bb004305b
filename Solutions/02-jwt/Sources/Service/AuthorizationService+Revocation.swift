import Foundation
import LabKit

extension AuthorizationService {
    /// Exchanges a refresh token for a new pair, revoking the old pair (refresh-token rotation).
    ///
    /// 1. Verify the token with ``refreshTokenVerifier()``.
    /// 2. In one `.immediate` transaction, find its row by ``storageHash(of:)``:
    ///    - no row (a token this service never stored): throw ``JWTError/Code/revoked``;
    ///    - `used = 1`: the token was presented before, so it is treated as stolen. Mark every
    ///      row of that user used and revoke all their `jti` and `access_jti` values, commit,
    ///      then throw ``JWTError/Code/refreshTokenReused``;
    ///    - otherwise mark the row used, revoke its `jti` and `access_jti`, and issue a new pair
    ///      in the same family with ``issueTokenPair(for:family:in:)``.
    ///
    /// Because the read and the update share one write transaction, two concurrent refreshes
    /// with one token cannot both succeed.
    public func refresh(_ refreshToken: String) throws -> TokenPair {
        _ = try refreshTokenVerifier().verify(refreshToken)
        let hash = Self.storageHash(of: refreshToken)
        // The transaction returns instead of throwing on reuse, because a throw would roll
        // back the revocations that reuse must commit.
        let outcome = try database.transaction(.immediate) { connection -> Result<TokenPair, JWTError> in
            let rows = try connection.query(
                "SELECT family, username, used FROM refresh_tokens WHERE token_hash = ?", [.text(hash)])
            guard let row = rows.first, let family = row["family"].text, let username = row["username"].text else {
                return .failure(JWTError(.revoked, "the refresh token is not known"))
            }
            if row["used"].integer != 0 {
                try revokeAll(where: "username = ?", [.text(username)], in: connection)
                return .failure(JWTError(.refreshTokenReused, "a used refresh token was presented again"))
            }
            try revokeAll(where: "token_hash = ?", [.text(hash)], in: connection)
            return .success(try issueTokenPair(for: username, family: family, in: connection))
        }
        return try outcome.get()
    }

    /// Logs out by revoking every pair in the refresh token's family.
    ///
    /// - Throws: `JWTError` when the refresh token does not verify.
    public func logout(_ refreshToken: String) throws {
        _ = try refreshTokenVerifier().verify(refreshToken)
        let hash = Self.storageHash(of: refreshToken)
        try database.transaction(.immediate) { connection in
            try revokeAll(
                where: "family IN (SELECT family FROM refresh_tokens WHERE token_hash = ?)", [.text(hash)],
                in: connection)
        }
    }

    /// Returns whether a token ID is on the revocation list.
    public func isRevoked(tokenID: String) throws -> Bool {
        try !database.query("SELECT 1 FROM revocations WHERE jti = ?", [.text(tokenID)]).isEmpty
    }

    /// Verifies an access token and rejects it when its `jti` is revoked.
    ///
    /// - Throws: `JWTError` from ``accessTokenVerifier()``, ``JWTError/Code/revoked`` for a
    ///   revoked `jti`, and ``JWTError/Code/malformed`` for a token without `jti`.
    public func verifyAccessToken(_ token: String) throws -> JWTClaims {
        let claims = try accessTokenVerifier().verify(token)
        guard let tokenID = claims.jti else {
            throw JWTError(.malformed, "the access token has no jti")
        }
        guard try !isRevoked(tokenID: tokenID) else {
            throw JWTError(.revoked, "the access token is revoked")
        }
        return claims
    }

    /// Deletes revocation entries whose token has expired, since an expired token is
    /// rejected anyway.
    ///
    /// - Returns: The number of entries deleted.
    public func pruneRevocations() throws -> Int {
        try database.run(
            "DELETE FROM revocations WHERE expires_at <= ?", [.real(clock.now.timeIntervalSince1970)])
    }

    /// Marks the matching refresh-token rows used and revokes their refresh and access tokens.
    private func revokeAll(where condition: String, _ values: [SQLiteValue], in connection: SQLiteConnection) throws {
        let rows = try connection.query(
            "SELECT jti, access_jti, access_expires_at, expires_at FROM refresh_tokens WHERE \(condition)", values)
        for row in rows {
            for (tokenID, expiry) in [(row["jti"], row["expires_at"]), (row["access_jti"], row["access_expires_at"])] {
                _ = try connection.run(
                    "INSERT OR IGNORE INTO revocations (jti, expires_at) VALUES (?, ?)", [tokenID, expiry])
            }
        }
        _ = try connection.run("UPDATE refresh_tokens SET used = 1 WHERE \(condition)", values)
    }
}
