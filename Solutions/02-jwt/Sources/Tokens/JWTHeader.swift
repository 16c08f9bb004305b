public import LabKit

/// The JOSE header of a compact JWS (RFC 7515 §4.1).
///
/// The members that point at keys (`jku`, `jwk`, `x5u`, `x5c`) are decoded only so that a
/// verifier can see them and reject the token: a verifier never fetches or trusts a key
/// that the token itself names.
public struct JWTHeader: Codable, Sendable, Equatable {
    /// The signature algorithm the signer claims to have used.
    public var alg: String
    /// The media type, usually `JWT`.
    public var typ: String?
    /// The ID of the key that signed the token.
    public var kid: String?
    /// A URL of a JWK Set (RFC 7515 §4.1.2).
    public var jku: String?
    /// A public key embedded in the header (RFC 7515 §4.1.3).
    public var jwk: JSONWebKey?
    /// A URL of an X.509 certificate (RFC 7515 §4.1.5).
    public var x5u: String?
    /// An embedded X.509 certificate chain (RFC 7515 §4.1.6).
    public var x5c: [String]?
    /// Extensions that the verifier must understand (RFC 7515 §4.1.11).
    public var crit: [String]?

    /// Creates a header with an algorithm, an optional type and an optional key ID.
    public init(alg: String, typ: String? = "JWT", kid: String? = nil) {
        self.alg = alg
        self.typ = typ
        self.kid = kid
    }
}
