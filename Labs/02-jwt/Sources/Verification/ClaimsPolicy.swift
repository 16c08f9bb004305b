public import Foundation
import LabKit

/// The claims a service requires of every token it accepts (RFC 7519 §4.1, RFC 8725 §3.8–3.9).
public struct ClaimsPolicy: Sendable {
    /// The only accepted `iss`.
    public var issuer: String
    /// The `aud` value that names this service.
    public var audience: String
    /// The clock skew tolerated around `exp`, `nbf` and `iat`, in seconds.
    public var leeway: TimeInterval

    /// Creates a policy.
    public init(issuer: String, audience: String, leeway: TimeInterval = 30) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
    }

    /// Checks the claims against this policy at a given time.
    ///
    /// The checks, in this order:
    /// - `exp` must be present, and the token is expired when `now >= exp + leeway`.
    /// - When `nbf` is present, the token is rejected while `now + leeway < nbf`.
    /// - When `iat` is present, the token is rejected when `iat > now + leeway`.
    /// - `iss` must equal ``issuer`` exactly.
    /// - `aud` must contain ``audience``.
    ///
    /// - Parameters:
    ///   - claims: The claims of a token whose signature is already verified.
    ///   - now: The current time, from the injected clock.
    /// - Throws: `JWTError` with code ``JWTError/Code/missingExpiration``,
    ///   ``JWTError/Code/expired``, ``JWTError/Code/notYetValid``,
    ///   ``JWTError/Code/issuedInFuture``, ``JWTError/Code/invalidIssuer`` or
    ///   ``JWTError/Code/invalidAudience``.
    public func validate(_ claims: JWTClaims, now: Date) throws {
        // TODO: Part 2 — check exp, nbf, iat, iss and aud against now, as listed above.
        throw LabKitError.notImplemented("validate the claims", part: 2, in: "ClaimsPolicy")
    }
}
