/// The basic constraints extension: whether the subject is a CA, and how many intermediate
/// CAs may follow it in a path (RFC 5280 §4.2.1.9).
public struct BasicConstraints: Hashable, Sendable {
    /// Whether the certified key may sign other certificates (`cA`).
    public var isCertificateAuthority: Bool
    /// The maximum number of non-self-issued intermediate CA certificates that may follow
    /// this one in a path (`pathLenConstraint`), or `nil` for no limit.
    public var maximumPathLength: Int?

    public init(isCertificateAuthority: Bool, maximumPathLength: Int? = nil) {
        self.isCertificateAuthority = isCertificateAuthority
        self.maximumPathLength = maximumPathLength
    }

    /// The constraints of an end-entity certificate: not a CA.
    public static let endEntity = BasicConstraints(isCertificateAuthority: false)

    /// The constraints of a CA with an optional path length limit.
    public static func certificateAuthority(maximumPathLength: Int? = nil) -> BasicConstraints {
        BasicConstraints(isCertificateAuthority: true, maximumPathLength: maximumPathLength)
    }
}

/// The key usage extension: the operations the certified key may perform (RFC 5280 §4.2.1.3).
public struct KeyUsage: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Verifying signatures other than on certificates and CRLs, such as a TLS handshake's.
    public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
    /// Verifying signatures that commit to content (also called `nonRepudiation`).
    public static let contentCommitment = KeyUsage(rawValue: 1 << 1)
    /// Encrypting keys, as TLS 1.2's RSA key exchange does.
    public static let keyEncipherment = KeyUsage(rawValue: 1 << 2)
    /// Encrypting data directly with the public key.
    public static let dataEncipherment = KeyUsage(rawValue: 1 << 3)
    /// Key agreement, as static Diffie–Hellman keys do.
    public static let keyAgreement = KeyUsage(rawValue: 1 << 4)
    /// Verifying signatures on certificates: required of a CA's key.
    public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
    /// Verifying signatures on certificate revocation lists.
    public static let cRLSign = KeyUsage(rawValue: 1 << 6)
    /// With keyAgreement, only enciphering during key agreement.
    public static let encipherOnly = KeyUsage(rawValue: 1 << 7)
    /// With keyAgreement, only deciphering during key agreement.
    public static let decipherOnly = KeyUsage(rawValue: 1 << 8)

    /// Each usage with the name that `openssl x509 -text` and the extension configuration use.
    static let names: [(KeyUsage, openSSLName: String, displayName: String)] = [
        (.digitalSignature, "digitalSignature", "Digital Signature"),
        (.contentCommitment, "nonRepudiation", "Non Repudiation"),
        (.keyEncipherment, "keyEncipherment", "Key Encipherment"),
        (.dataEncipherment, "dataEncipherment", "Data Encipherment"),
        (.keyAgreement, "keyAgreement", "Key Agreement"),
        (.keyCertSign, "keyCertSign", "Certificate Sign"),
        (.cRLSign, "cRLSign", "CRL Sign"),
        (.encipherOnly, "encipherOnly", "Encipher Only"),
        (.decipherOnly, "decipherOnly", "Decipher Only"),
    ]

    /// The usages as `openssl x509 -text` lists them, such as `Digital Signature, Key Encipherment`.
    public var description: String {
        Self.names.filter { contains($0.0) }.map(\.displayName).joined(separator: ", ")
    }
}

/// One purpose from the extended key usage extension (RFC 5280 §4.2.1.12), named by its OID.
public struct ExtendedKeyUsage: Hashable, Sendable, CustomStringConvertible {
    /// The purpose's dotted object identifier.
    public var oid: String

    public init(oid: String) {
        self.oid = oid
    }

    /// TLS server authentication, `id-kp-serverAuth`.
    public static let serverAuth = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.1")
    /// TLS client authentication, `id-kp-clientAuth`.
    public static let clientAuth = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.2")
    /// Code signing, `id-kp-codeSigning`.
    public static let codeSigning = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.3")
    /// Email protection, `id-kp-emailProtection`.
    public static let emailProtection = ExtendedKeyUsage(oid: "1.3.6.1.5.5.7.3.4")
    /// Any purpose, `anyExtendedKeyUsage`.
    public static let any = ExtendedKeyUsage(oid: "2.5.29.37.0")

    public var description: String {
        switch self {
        case .serverAuth: "serverAuth"
        case .clientAuth: "clientAuth"
        case .codeSigning: "codeSigning"
        case .emailProtection: "emailProtection"
        case .any: "anyExtendedKeyUsage"
        default: oid
        }
    }
}
