import Foundation
import LabKit

extension AuthorizationService {
    /// Exchanges a refresh token for a new pair, revoking the old pair (refresh-token rotation).
    ///
    /// 1. Verify the token with ``refreshTokenVerifier()``.
    /// 2. In one `.immediate` transaction, find its row by ``storageHash(of:)``:
    ///    - No row: this service never issued the token, or logout or a reuse response has
    ///      ended its family and deleted the family's rows. Throw ``JWTError/Code/revoked``.
    ///      This is not reuse, so a logged-out token never triggers the theft response.
    ///    - `used = 1`: the token was exchanged before, so two parties hold it and one of them
    ///      stole it (RFC 9700 §4.14.2). End every family of that user: revoke the `jti` and
    ///      `access_jti` of each of the user's rows, delete those rows, and commit. Then throw
    ///      ``JWTError/Code/refreshTokenReused``.
    ///    - Otherwise rotate: mark the row used, revoke its `jti` and `access_jti`, and issue a
    ///      new pair in the same family with ``issueTokenPair(for:family:in:)``.
    ///
    /// To revoke a `jti` is to insert it with its token's `exp` into `revocations`. Because
    /// the read and the update share one write transaction, two concurrent refreshes with one
    /// token cannot both succeed.
    ///
    /// - Throws: `JWTError` from verification, ``JWTError/Code/revoked`` or
    ///   ``JWTError/Code/refreshTokenReused``.
    public func refresh(_ refreshToken: String) throws -> TokenPair {
        _ = try refreshTokenVerifier().verify(refreshToken)
        let hash = Self.storageHash(of: refreshToken)
        // The transaction returns instead of throwing on reuse, because a throw would roll
        // back the revocations that reuse must commit.
        let outcome = try database.transaction(.immediate) { connection -> Result<TokenPair, JWTError> in
            let rows = try connection.query(
                "SELECT family, username, used FROM refresh_tokens WHERE token_hash = ?", [.text(hash)])
            guard let row = rows.first, let family = row["family"].text, let username = row["username"].text else {
                return .failure(JWTError(.revoked, "the refresh token is unknown or its family has ended"))
            }
            if row["used"].integer != 0 {
                try endFamilies(where: "username = ?", [.text(username)], in: connection)
                return .failure(JWTError(.refreshTokenReused, "a used refresh token was presented again"))
            }
            try revokePairs(where: "token_hash = ?", [.text(hash)], in: connection)
            _ = try connection.run("UPDATE refresh_tokens SET used = 1 WHERE token_hash = ?", [.text(hash)])
            return .success(try issueTokenPair(for: username, family: family, in: connection))
        }
        return try outcome.get()
    }

    /// Logs out by ending the refresh token's family: every pair in it is revoked.
    ///
    /// 1. Verify the token with ``refreshTokenVerifier()``.
    /// 2. In one `.immediate` transaction, find the family of the token's row, revoke the
    ///    `jti` and `access_jti` of every row in that family, and delete those rows.
    ///
    /// Afterwards ``refresh(_:)`` finds no row for any refresh token of the family and throws
    /// ``JWTError/Code/revoked``, not ``JWTError/Code/refreshTokenReused``, and the user's
    /// other families (other logins) stay valid. A token whose family has already ended
    /// changes nothing and is not an error, since the purpose of the request is already
    /// achieved (RFC 7009 §2.2).
    ///
    /// - Throws: `JWTError` when the refresh token does not verify.
    public func logout(_ refreshToken: String) throws {
        _ = try refreshTokenVerifier().verify(refreshToken)
        let hash = Self.storageHash(of: refreshToken)
        try database.transaction(.immediate) { connection in
            let rows = try connection.query("SELECT family FROM refresh_tokens WHERE token_hash = ?", [.text(hash)])
            // Without a row the family has already ended, so nothing is left to revoke.
            guard let family = rows.first?["family"].text else {
                return
            }
            try endFamilies(where: "family = ?", [.text(family)], in: connection)
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

    /// Deletes the revocation entries that no verifier of this service can need any more.
    ///
    /// ``ClaimsPolicy`` accepts a token until `exp + leeway`, so an entry may go only once
    /// `expires_at + configuration.leeway <= now` (``ServiceConfiguration/leeway``).
    /// Deleting it at `exp` would let a revoked token through again for the length of the
    /// leeway.
    ///
    /// - Returns: The number of entries deleted.
    public func pruneRevocations() throws -> Int {
        let now = clock.now.timeIntervalSince1970
        return try database.run(
            "DELETE FROM revocations WHERE expires_at + ? <= ?", [.real(configuration.leeway), .real(now)])
    }

    /// Puts the refresh and access token of every matching row on the revocation list.
    private func revokePairs(where condition: String, _ values: [SQLiteValue], in connection: SQLiteConnection) throws {
        let rows = try connection.query(
            "SELECT jti, access_jti, access_expires_at, expires_at FROM refresh_tokens WHERE \(condition)", values)
        for row in rows {
            for (tokenID, expiry) in [(row["jti"], row["expires_at"]), (row["access_jti"], row["access_expires_at"])] {
                _ = try connection.run(
                    "INSERT OR IGNORE INTO revocations (jti, expires_at) VALUES (?, ?)", [tokenID, expiry])
            }
        }
    }

    /// Ends the families that `condition` selects (one family, or every family of a user):
    /// revokes every pair, then deletes the rows, so that their refresh tokens are unknown.
    private func endFamilies(where condition: String, _ values: [SQLiteValue], in connection: SQLiteConnection) throws {
        try revokePairs(where: condition, values, in: connection)
        _ = try connection.run("DELETE FROM refresh_tokens WHERE \(condition)", values)
    }
}
