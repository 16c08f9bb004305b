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
        // TODO: Part 5 — verify, then in one .immediate transaction: no row → revoked; a used
        // row → end every family of the user, commit, then throw refreshTokenReused; else rotate.
        throw LabKitError.notImplemented("refresh a token pair", part: 5, in: "AuthorizationService")
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
        // TODO: Part 5 — verify, then in one .immediate transaction revoke every pair of the
        // token's family and delete the family's rows.
        throw LabKitError.notImplemented("log out", part: 5, in: "AuthorizationService")
    }

    /// Returns whether a token ID is on the revocation list.
    public func isRevoked(tokenID: String) throws -> Bool {
        // TODO: Part 5 — look the jti up in the revocations table.
        throw LabKitError.notImplemented("check the revocation list", part: 5, in: "AuthorizationService")
    }

    /// Verifies an access token and rejects it when its `jti` is revoked.
    ///
    /// - Throws: `JWTError` from ``accessTokenVerifier()``, ``JWTError/Code/revoked`` for a
    ///   revoked `jti`, and ``JWTError/Code/malformed`` for a token without `jti`.
    public func verifyAccessToken(_ token: String) throws -> JWTClaims {
        // TODO: Part 5 — verify with accessTokenVerifier(), then reject a revoked jti.
        throw LabKitError.notImplemented("verify an access token", part: 5, in: "AuthorizationService")
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
        // TODO: Part 5 — delete the entries with expires_at + configuration.leeway <= now and
        // count them.
        throw LabKitError.notImplemented("prune the revocation list", part: 5, in: "AuthorizationService")
    }

}
