import COpenSSL
import Foundation

// MARK: - Import

extension EVPKey {
    /// Builds a key from a JWK with `EVP_PKEY_fromdata`, then checks it with OpenSSL.
    ///
    /// - Parameters:
    ///   - jwk: The key's members.
    ///   - includingPrivate: Whether to import the private members, which must then be present.
    /// - Throws: ``CryptoError/Code/invalidKey`` for missing, malformed or inconsistent members,
    ///   and ``CryptoError/Code/unsupportedAlgorithm`` for other key types and curves.
    static func importing(_ jwk: JSONWebKey, includingPrivate: Bool) throws -> EVPKey {
        let key: EVPKey
        switch jwk.kty {
        case "RSA": key = try importingRSA(jwk, includingPrivate: includingPrivate)
        case "EC": key = try importingEC(jwk, includingPrivate: includingPrivate)
        case "OKP": key = try importingEd25519(jwk, includingPrivate: includingPrivate)
        default:
            throw CryptoError(.unsupportedAlgorithm, "JWK kty \"\(jwk.kty)\" is not supported; use RSA, EC or OKP")
        }
        // The size check comes first, so that a small RSA key is reported as weak even
        // when its members would also fail OpenSSL's consistency check.
        _ = try key.checkedKeyType()
        try key.check(includingPrivate: includingPrivate)
        return key
    }

    /// Imports an RSA key (RFC 7518 §6.3), with or without the CRT members `p` to `qi`.
    private static func importingRSA(_ jwk: JSONWebKey, includingPrivate: Bool) throws -> EVPKey {
        let builder = try KeyParameterBuilder()
        try builder.addInteger(OSSL_PKEY_PARAM_RSA_N, bigEndian: try jwk.decodedMember("n", jwk.n))
        try builder.addInteger(OSSL_PKEY_PARAM_RSA_E, bigEndian: try jwk.decodedMember("e", jwk.e))
        if includingPrivate {
            try builder.addInteger(OSSL_PKEY_PARAM_RSA_D, bigEndian: try jwk.decodedMember("d", jwk.d))
            let factors = [jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi]
            if factors.contains(where: { $0 != nil }) {
                guard !factors.contains(where: { $0 == nil }) else {
                    throw CryptoError(
                        .invalidKey,
                        "RSA JWK has some of p, q, dp, dq and qi but not all; include all five or none (RFC 7518 §6.3.2)"
                    )
                }
                for (name, member, value) in rsaFactorParameters(of: jwk) {
                    try builder.addInteger(name, bigEndian: try jwk.decodedMember(member, value))
                }
            }
        }
        return try builder.makeKey(keyType: "RSA", includingPrivate: includingPrivate)
    }

    /// Returns the OpenSSL parameter name, JWK member name and value of each RSA CRT member.
    ///
    /// The names are the values of `OSSL_PKEY_PARAM_RSA_FACTOR1` and its siblings, which
    /// are macros that paste strings together and so cannot be imported into Swift.
    private static func rsaFactorParameters(of jwk: JSONWebKey) -> [(String, String, String?)] {
        [
            ("rsa-factor1", "p", jwk.p), ("rsa-factor2", "q", jwk.q),
            ("rsa-exponent1", "dp", jwk.dp), ("rsa-exponent2", "dq", jwk.dq),
            ("rsa-coefficient1", "qi", jwk.qi),
        ]
    }

    /// Imports an EC key on P-256 or P-384 (RFC 7518 §6.2).
    private static func importingEC(_ jwk: JSONWebKey, includingPrivate: Bool) throws -> EVPKey {
        let curve = try ECCurve(jwkName: jwk.crv)
        let x = try jwk.decodedMember("x", jwk.x, byteCount: curve.byteCount)
        let y = try jwk.decodedMember("y", jwk.y, byteCount: curve.byteCount)

        let builder = try KeyParameterBuilder()
        try builder.addString(OSSL_PKEY_PARAM_GROUP_NAME, curve.openSSLName)
        // An uncompressed point is 0x04 ‖ x ‖ y (SEC 1 v2 §2.3.3).
        try builder.addOctets(OSSL_PKEY_PARAM_PUB_KEY, Data([0x04]) + x + y)
        if includingPrivate {
            let d = try jwk.decodedMember("d", jwk.d, byteCount: curve.byteCount)
            try builder.addInteger(OSSL_PKEY_PARAM_PRIV_KEY, bigEndian: d)
        }
        return try builder.makeKey(keyType: "EC", includingPrivate: includingPrivate)
    }

    /// Imports an Ed25519 key (RFC 8037 §2).
    ///
    /// A private key is imported from `d` alone, and the public key that OpenSSL derives
    /// must equal `x`. Signing with a mismatched public key would produce invalid signatures
    /// and can leak the private key, so a mismatch is an error.
    private static func importingEd25519(_ jwk: JSONWebKey, includingPrivate: Bool) throws -> EVPKey {
        guard jwk.crv == "Ed25519" else {
            throw CryptoError(
                .unsupportedAlgorithm, "OKP curve \"\(jwk.crv ?? "(missing)")\" is not supported; use Ed25519")
        }
        let x = try jwk.decodedMember("x", jwk.x, byteCount: 32)
        let builder = try KeyParameterBuilder()
        guard includingPrivate else {
            try builder.addOctets(OSSL_PKEY_PARAM_PUB_KEY, x)
            return try builder.makeKey(keyType: "ED25519", includingPrivate: false)
        }

        try builder.addOctets(OSSL_PKEY_PARAM_PRIV_KEY, try jwk.decodedMember("d", jwk.d, byteCount: 32))
        let key = try builder.makeKey(keyType: "ED25519", includingPrivate: true)
        guard key.octetsParameter(OSSL_PKEY_PARAM_PUB_KEY) == x else {
            throw CryptoError(.invalidKey, "Ed25519 JWK member \"x\" is not the public key of \"d\"")
        }
        return key
    }

    /// Runs OpenSSL's consistency check: the public check, or the pairwise check when the
    /// key has private parts (for an EC key, the public point must be on the curve and match `d`).
    ///
    /// Related OpenSSL documentation: `EVP_PKEY_public_check(3)`, `EVP_PKEY_pairwise_check(3)`.
    private func check(includingPrivate: Bool) throws {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else {
            throw CryptoError.openSSL("EVP_PKEY_CTX_new_from_pkey")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_public_check(context) == 1 else {
            throw CryptoError.openSSL("EVP_PKEY_public_check", code: .invalidKey, context: "checking a JWK")
        }
        guard includingPrivate else { return }

        if EVP_PKEY_is_a(pointer, "RSA") == 1, try integerParameter("rsa-factor1") == nil {
            try checkBySigning()
        } else if EVP_PKEY_pairwise_check(context) != 1 {
            throw CryptoError.openSSL("EVP_PKEY_pairwise_check", code: .invalidKey, context: "checking a JWK")
        }
    }

    /// Checks that an RSA key's `d` belongs to its `n` and `e` by signing a fixed message and
    /// verifying the result, because OpenSSL 3.0's pairwise check needs the prime factors.
    private func checkBySigning() throws {
        let message = Data("LabKit RSA key check".utf8)
        let signature = try digestSign(message, digestName: "SHA256")
        guard try digestVerify(signature, message: message, digestName: "SHA256") else {
            throw CryptoError(.invalidKey, "RSA JWK member \"d\" does not belong to \"n\" and \"e\"")
        }
    }
}

// MARK: - Export

extension EVPKey {
    /// Writes the key's members as a JWK; private members only when `includingPrivate` is `true`.
    func jwk(keyType: KeyType, includingPrivate: Bool) throws -> JSONWebKey {
        switch keyType {
        case .rsa: try rsaJWK(includingPrivate: includingPrivate)
        case .ecP256, .ecP384: try ecJWK(curve: ECCurve(keyType: keyType), includingPrivate: includingPrivate)
        case .ed25519: try ed25519JWK(includingPrivate: includingPrivate)
        }
    }

    private func rsaJWK(includingPrivate: Bool) throws -> JSONWebKey {
        var jwk = JSONWebKey(kty: "RSA")
        jwk.n = try requiredInteger(OSSL_PKEY_PARAM_RSA_N).base64URLEncodedString
        jwk.e = try requiredInteger(OSSL_PKEY_PARAM_RSA_E).base64URLEncodedString
        guard includingPrivate else { return jwk }

        jwk.d = try requiredInteger(OSSL_PKEY_PARAM_RSA_D).base64URLEncodedString
        // A key imported from n, e and d alone has no CRT values, and the JWK then omits them.
        let factors = try Self.rsaFactorParameters(of: jwk).map { name, _, _ in try integerParameter(name) }
        if let p = factors[0], let q = factors[1], let dp = factors[2], let dq = factors[3], let qi = factors[4] {
            jwk.p = p.base64URLEncodedString
            jwk.q = q.base64URLEncodedString
            jwk.dp = dp.base64URLEncodedString
            jwk.dq = dq.base64URLEncodedString
            jwk.qi = qi.base64URLEncodedString
        }
        return jwk
    }

    private func ecJWK(curve: ECCurve, includingPrivate: Bool) throws -> JSONWebKey {
        var jwk = JSONWebKey(kty: "EC", crv: curve.jwkName)
        jwk.x = try requiredInteger(OSSL_PKEY_PARAM_EC_PUB_X, byteCount: curve.byteCount).base64URLEncodedString
        jwk.y = try requiredInteger(OSSL_PKEY_PARAM_EC_PUB_Y, byteCount: curve.byteCount).base64URLEncodedString
        if includingPrivate {
            jwk.d = try requiredInteger(OSSL_PKEY_PARAM_PRIV_KEY, byteCount: curve.byteCount).base64URLEncodedString
        }
        return jwk
    }

    private func ed25519JWK(includingPrivate: Bool) throws -> JSONWebKey {
        var jwk = JSONWebKey(kty: "OKP", crv: "Ed25519")
        guard let x = octetsParameter(OSSL_PKEY_PARAM_PUB_KEY) else {
            throw CryptoError.openSSL("EVP_PKEY_get_octet_string_param", context: "exporting the Ed25519 public key")
        }
        jwk.x = x.base64URLEncodedString
        if includingPrivate {
            guard let d = octetsParameter(OSSL_PKEY_PARAM_PRIV_KEY) else {
                throw CryptoError.openSSL(
                    "EVP_PKEY_get_octet_string_param", context: "exporting the Ed25519 private key")
            }
            jwk.d = d.base64URLEncodedString
        }
        return jwk
    }

    private func requiredInteger(_ name: String, byteCount: Int? = nil) throws -> Data {
        guard let value = try integerParameter(name, byteCount: byteCount) else {
            throw CryptoError(.openSSL, "EVP_PKEY_get_bn_param found no key parameter \(name)")
        }
        return value
    }
}

// MARK: - Members and curves

extension JSONWebKey {
    /// Decodes a base64url member, which must be present and, when `byteCount` is given, exactly that long.
    fileprivate func decodedMember(_ name: String, _ value: String?, byteCount: Int? = nil) throws -> Data {
        guard let value else {
            throw CryptoError(.invalidKey, "\(kty) JWK lacks the member \"\(name)\"")
        }
        guard let bytes = Data(base64URLEncoded: value) else {
            throw CryptoError(.invalidKey, "\(kty) JWK member \"\(name)\" is not base64url without padding")
        }
        if let byteCount, bytes.count != byteCount {
            throw CryptoError(
                .invalidKey,
                "\(kty) JWK member \"\(name)\" is \(bytes.count) bytes; this curve requires exactly \(byteCount)")
        }
        return bytes
    }
}

/// A NIST curve that JWK names by `crv`, with its OpenSSL group name and coordinate size.
private struct ECCurve {
    let jwkName: String
    let openSSLName: String
    let byteCount: Int

    init(jwkName: String?) throws {
        switch jwkName {
        case "P-256": self.init(keyType: .ecP256)
        case "P-384": self.init(keyType: .ecP384)
        default:
            throw CryptoError(
                .unsupportedAlgorithm, "EC curve \"\(jwkName ?? "(missing)")\" is not supported; use P-256 or P-384")
        }
    }

    init(keyType: KeyType) {
        if keyType == .ecP384 {
            (jwkName, openSSLName, byteCount) = ("P-384", "secp384r1", 48)
        } else {
            (jwkName, openSSLName, byteCount) = ("P-256", "prime256v1", 32)
        }
    }
}
