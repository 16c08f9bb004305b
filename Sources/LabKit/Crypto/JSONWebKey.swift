public import Foundation

/// A JSON Web Key (RFC 7517): a public or private key as a JSON object.
///
/// Properties carry the JWK member names and values as they appear in JSON, so that the
/// RFCs read directly: integers and raw keys are base64url strings without padding.
/// The kit reads and writes these key types:
///
/// | `kty` | `crv` | public members | private members | defined in |
/// | --- | --- | --- | --- | --- |
/// | `RSA` | — | `n`, `e` | `d`, `p`, `q`, `dp`, `dq`, `qi` | RFC 7518 §6.3 |
/// | `EC` | `P-256`, `P-384` | `x`, `y` | `d` | RFC 7518 §6.2 |
/// | `OKP` | `Ed25519` | `x` | `d` | RFC 8037 §2 |
///
/// Convert to a key with ``SigningKey/init(jwk:)`` or ``VerificationKey/init(jwk:)``,
/// and back with ``SigningKey/jwk`` or ``VerificationKey/jwk``.
public struct JSONWebKey: Codable, Hashable, Sendable {
    /// The key type: `RSA`, `EC` or `OKP` (RFC 7517 §4.1).
    public var kty: String
    /// The key ID, which a JWT header's `kid` names to pick this key (RFC 7517 §4.5).
    public var kid: String?
    /// The algorithm the key is meant for, such as `RS256` (RFC 7517 §4.4).
    public var alg: String?
    /// The intended use: `sig` for signatures or `enc` for encryption (RFC 7517 §4.2).
    public var use: String?

    /// The curve of an `EC` or `OKP` key: `P-256`, `P-384` or `Ed25519`.
    public var crv: String?
    /// The x coordinate of an EC public point, or the raw public key of an OKP key.
    public var x: String?
    /// The y coordinate of an EC public point.
    public var y: String?

    /// The RSA modulus.
    public var n: String?
    /// The RSA public exponent.
    public var e: String?

    /// The private exponent of an RSA key, the private scalar of an EC key, or the raw
    /// private key of an OKP key.
    public var d: String?
    /// The first RSA prime factor.
    public var p: String?
    /// The second RSA prime factor.
    public var q: String?
    /// The first factor's CRT exponent, `d mod (p − 1)`.
    public var dp: String?
    /// The second factor's CRT exponent, `d mod (q − 1)`.
    public var dq: String?
    /// The CRT coefficient, `q⁻¹ mod p`.
    public var qi: String?

    /// Creates a key from its members; pass only those the key type uses.
    public init(
        kty: String, kid: String? = nil, alg: String? = nil, use: String? = nil,
        crv: String? = nil, x: String? = nil, y: String? = nil, n: String? = nil, e: String? = nil,
        d: String? = nil, p: String? = nil, q: String? = nil, dp: String? = nil, dq: String? = nil, qi: String? = nil
    ) {
        self.kty = kty
        self.kid = kid
        self.alg = alg
        self.use = use
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
        self.d = d
        self.p = p
        self.q = q
        self.dp = dp
        self.dq = dq
        self.qi = qi
    }

    /// Whether the key has any private member, so that publishing it would leak the private key.
    public var containsPrivateMembers: Bool {
        [d, p, q, dp, dq, qi].contains { $0 != nil }
    }

    /// Parses a JWK from its JSON text.
    ///
    /// - Throws: ``CryptoError/Code/invalidKey`` when the JSON is malformed or lacks `kty`.
    public init(jsonData: some DataProtocol) throws {
        do {
            self = try JSONDecoder().decode(JSONWebKey.self, from: Data(jsonData))
        } catch {
            throw CryptoError(.invalidKey, "JWK JSON cannot be decoded: \(error)")
        }
    }

    /// Returns the JWK as compact JSON with its members in sorted order.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

// MARK: - Description

extension JSONWebKey: CustomStringConvertible {
    /// A summary that names the key and leaves out every member value.
    ///
    /// Printing a private JWK in a log or a failed test's message would leak the key, so
    /// only `kty`, `crv`, `kid` and `alg` appear, with a mark when private members exist.
    public var description: String {
        let fields = [("kty", kty), ("crv", crv), ("kid", kid), ("alg", alg)].compactMap { name, value in
            value.map { "\(name): \($0)" }
        }
        let privacy = containsPrivateMembers ? "private members redacted" : "public"
        return "JSONWebKey(\(fields.joined(separator: ", ")), \(privacy))"
    }
}

// MARK: - Thumbprint

extension JSONWebKey {
    /// Computes the key's JWK thumbprint (RFC 7638), a hash that identifies the key.
    ///
    /// The hash covers only the required public members, in lexicographic order and without
    /// whitespace (RFC 7638 §3.2), so a public key and its private key have one thumbprint,
    /// and `kid`, `alg` and `use` do not change it. Its base64url form is a common `kid`:
    ///
    /// ```swift
    /// jwk.kid = try jwk.thumbprint().base64URLEncodedString
    /// ```
    ///
    /// - Parameter digest: The hash function; RFC 7638 §3.1 uses SHA-256.
    /// - Throws: ``CryptoError/Code/invalidKey`` when a required member is missing, and
    ///   ``CryptoError/Code/unsupportedAlgorithm`` for a `kty` other than RSA, EC and OKP.
    public func thumbprint(digest: Digest = .sha256) throws -> Data {
        let members: [(String, String?)] =
            switch kty {
            case "RSA": [("e", e), ("kty", kty), ("n", n)]
            case "EC": [("crv", crv), ("kty", kty), ("x", x), ("y", y)]
            case "OKP": [("crv", crv), ("kty", kty), ("x", x)]
            default:
                throw CryptoError(
                    .unsupportedAlgorithm, "JWK kty \"\(kty)\" has no thumbprint here; use RSA, EC or OKP")
            }
        var fields: [String] = []
        for (name, value) in members {
            guard let value else {
                throw CryptoError(.invalidKey, "\(kty) JWK lacks the member \"\(name)\" that its thumbprint needs")
            }
            fields.append("\"\(name)\":\(try Self.jsonString(value))")
        }
        return digest.hash("{" + fields.joined(separator: ",") + "}")
    }

    /// Encodes `value` as a JSON string literal with only the escapes JSON requires.
    private static func jsonString(_ value: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A JWK Set (RFC 7517 §5): the JSON object that a server publishes at its JWKS endpoint.
public struct JSONWebKeySet: Codable, Hashable, Sendable {
    /// The keys, each usually with a distinct `kid`.
    public var keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) {
        self.keys = keys
    }

    /// Returns the key whose `kid` is `keyID`, or `nil` when none has it.
    public func key(withID keyID: String) -> JSONWebKey? {
        keys.first { $0.kid == keyID }
    }
}
