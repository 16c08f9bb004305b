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
        // TODO: Part 4 — hash the password with configuration.passwordParameters and insert
        // the user, rejecting a taken name.
        throw LabKitError.notImplemented("register a user", part: 4, in: "AuthorizationService")
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
        // TODO: Part 4 — check the password with the same error and cost for unknown users,
        // then issue a pair in a new random family inside an .immediate transaction.
        throw LabKitError.notImplemented("log a user in", part: 4, in: "AuthorizationService")
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
        // TODO: Part 4 — build and sign both claims sets and store the refresh token row.
        throw LabKitError.notImplemented("issue a token pair", part: 4, in: "AuthorizationService")
    }
}
