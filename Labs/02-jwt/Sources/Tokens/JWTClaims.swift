import Foundation

/// The registered claims of a JWT (RFC 7519 §4.1) that this lab uses.
///
/// Times are NumericDate values: seconds since 1970-01-01T00:00:00Z, possibly fractional.
public struct JWTClaims: Codable, Sendable, Equatable {
    /// The issuer (`iss`).
    public var iss: String?
    /// The subject (`sub`), here the user name.
    public var sub: String?
    /// The audiences (`aud`); RFC 7519 §4.1.3 allows one string or an array of strings.
    public var aud: [String]?
    /// The expiration time (`exp`).
    public var exp: Double?
    /// The time before which the token must not be accepted (`nbf`).
    public var nbf: Double?
    /// The time the token was issued (`iat`).
    public var iat: Double?
    /// The unique token ID (`jti`).
    public var jti: String?

    /// Creates a claims set.
    public init(
        iss: String? = nil, sub: String? = nil, aud: [String]? = nil,
        exp: Double? = nil, nbf: Double? = nil, iat: Double? = nil, jti: String? = nil
    ) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
        self.jti = jti
    }

    private enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, jti
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decodeIfPresent(String.self, forKey: .iss)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        if let single = try? container.decodeIfPresent(String.self, forKey: .aud) {
            aud = [single]
        } else {
            aud = try container.decodeIfPresent([String].self, forKey: .aud)
        }
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try container.decodeIfPresent(Double.self, forKey: .nbf)
        iat = try container.decodeIfPresent(Double.self, forKey: .iat)
        jti = try container.decodeIfPresent(String.self, forKey: .jti)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(iss, forKey: .iss)
        try container.encodeIfPresent(sub, forKey: .sub)
        if let aud, aud.count == 1 {
            try container.encode(aud[0], forKey: .aud)
        } else {
            try container.encodeIfPresent(aud, forKey: .aud)
        }
        try container.encodeIfPresent(exp, forKey: .exp)
        try container.encodeIfPresent(nbf, forKey: .nbf)
        try container.encodeIfPresent(iat, forKey: .iat)
        try container.encodeIfPresent(jti, forKey: .jti)
    }
}
