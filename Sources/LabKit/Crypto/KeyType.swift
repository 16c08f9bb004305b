/// The kind of an asymmetric key: its algorithm family and, for RSA, its size.
public enum KeyType: Sendable, Hashable, CustomStringConvertible {
    /// An RSA key with a modulus of `bits` bits; the kit accepts 2048 to 16384 bits.
    case rsa(bits: Int)
    /// An elliptic-curve key on NIST P-256 (secp256r1), used by ES256.
    case ecP256
    /// An elliptic-curve key on NIST P-384 (secp384r1), used by ES384.
    case ecP384
    /// An Edwards-curve key on Ed25519 (RFC 8032), used by EdDSA.
    case ed25519

    /// The smallest RSA modulus the kit accepts, in bits.
    ///
    /// NIST SP 800-131A Rev. 2 disallows RSA keys under 2048 bits for signatures, and
    /// RFC 7518 §3.3 requires 2048 bits or more for RS256, RS384 and RS512.
    public static let minimumRSABits = 2048
    /// The largest RSA modulus the kit accepts, in bits: OpenSSL's `OPENSSL_RSA_MAX_MODULUS_BITS`.
    public static let maximumRSABits = 16384

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA \(bits)-bit"
        case .ecP256: "EC P-256"
        case .ecP384: "EC P-384"
        case .ed25519: "Ed25519"
        }
    }

    /// Checks that an RSA size is within the accepted range; other key types always pass.
    func checkStrength() throws {
        guard case .rsa(let bits) = self else { return }
        guard bits >= Self.minimumRSABits else {
            throw CryptoError(
                .weakKey,
                "RSA key of \(bits) bits is too weak; use \(Self.minimumRSABits) bits or more "
                    + "(RFC 7518 §3.3), for example `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`")
        }
        guard bits <= Self.maximumRSABits else {
            throw CryptoError(
                .unsupportedAlgorithm,
                "RSA key of \(bits) bits is larger than OpenSSL's limit of \(Self.maximumRSABits) bits")
        }
    }
}
