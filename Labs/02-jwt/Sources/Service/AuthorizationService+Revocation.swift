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
        // TODO: Part 5 — verify, then in one .immediate transaction rotate the pair or, on
        // reuse, revoke every token of the user and commit before throwing.
        throw LabKitError.notImplemented("refresh a token pair", part: 5)
    }

    /// Logs out by revoking every pair in the refresh token's family.
    ///
    /// - Throws: `JWTError` when the refresh token does not verify.
    public func logout(_ refreshToken: String) throws {
        // TODO: Part 5 — verify, then revoke every pair of the token's family.
        throw LabKitError.notImplemented("log out", part: 5)
    }

    /// Returns whether a token ID is on the revocation list.
    public func isRevoked(tokenID: String) throws -> Bool {
        // TODO: Part 5 — look the jti up in the revocations table.
        throw LabKitError.notImplemented("check the revocation list", part: 5)
    }

    /// Verifies an access token and rejects it when its `jti` is revoked.
    ///
    /// - Throws: `JWTError` from ``accessTokenVerifier()``, ``JWTError/Code/revoked`` for a
    ///   revoked `jti`, and ``JWTError/Code/malformed`` for a token without `jti`.
    public func verifyAccessToken(_ token: String) throws -> JWTClaims {
        // TODO: Part 5 — verify with accessTokenVerifier(), then reject a revoked jti.
        throw LabKitError.notImplemented("verify an access token", part: 5)
    }

    /// Deletes revocation entries whose token has expired, since an expired token is
    /// rejected anyway.
    ///
    /// - Returns: The number of entries deleted.
    public func pruneRevocations() throws -> Int {
        // TODO: Part 5 — delete the entries whose expires_at has passed and count them.
        throw LabKitError.notImplemented("prune the revocation list", part: 5)
    }

}
