import COpenSSL

/// An X.509 extension given by its object identifier and DER value, for extensions that
/// ``CertificateBuilder`` has no property for, such as a private extension a verifier does
/// not know.
public struct CustomExtension: Sendable, Equatable {
    /// The extension's object identifier in dotted form, such as `1.3.6.1.4.1.55555.1`.
    public var oid: String
    /// Whether the extension is critical: a verifier that does not process it must reject
    /// the certificate (RFC 5280 §4.2).
    public var isCritical: Bool
    /// The DER encoding of the extension's value, which the certificate wraps in an OCTET STRING.
    public var value: [UInt8]

    public init(oid: String, isCritical: Bool, value: [UInt8]) {
        self.oid = oid
        self.isCritical = isCritical
        self.value = value
    }

    /// A critical extension under an example private OID with an ASN.1 NULL value, which no
    /// verifier processes.
    public static let unknownCritical = CustomExtension(
        oid: "1.3.6.1.4.1.55555.1", isCritical: true, value: [0x05, 0x00])
}

extension CertificateBuilder {
    /// Signs a certificate for `publicKey` with the issuer's private key, with `extensions`
    /// added after the builder's own.
    ///
    /// - Throws: ``CertificateError/Code/invalidParameter`` for an object identifier that
    ///   does not parse, and ``CertificateError/Code/openSSL`` when OpenSSL fails.
    public func sign(
        publicKey: VerificationKey, issuer: Certificate, issuerKey: SigningKey, adding extensions: [CustomExtension]
    ) throws -> Certificate {
        let certificate = try sign(publicKey: publicKey, issuer: issuer, issuerKey: issuerKey)
        return try Self.adding(extensions, to: certificate, signingWith: issuerKey)
    }

    /// Signs a self-signed certificate with `extensions` added after the builder's own.
    public func selfSign(key: SigningKey, adding extensions: [CustomExtension]) throws -> Certificate {
        try Self.adding(extensions, to: try selfSign(key: key), signingWith: key)
    }

    /// Copies `certificate`, adds `extensions`, and signs the copy again with `key`.
    private static func adding(
        _ extensions: [CustomExtension], to certificate: Certificate, signingWith key: SigningKey
    ) throws -> Certificate {
        guard let copy = X509_dup(certificate.handle.pointer) else { throw CertificateError.openSSL("X509_dup") }
        let handle = X509Handle(taking: copy)
        for custom in extensions {
            try add(custom, to: copy)
        }
        // Ed25519 hashes internally, so X509_sign takes no digest for it.
        let digest: OpaquePointer? =
            switch key.keyType {
            case .ed25519: nil
            case .ecP384: EVP_sha384()
            case .ecP256, .rsa: EVP_sha256()
            }
        guard X509_sign(copy, key.key.pointer, digest) > 0 else {
            throw CertificateError.openSSL("X509_sign", context: "signing certificate for \(certificate.subject)")
        }
        // Parse the signed DER again: OpenSSL computed the copy's extension flags when it
        // duplicated the certificate, before the new extensions existed.
        return try Certificate(derEncoded: try Certificate(handle: handle).derRepresentation)
    }

    private static func add(_ custom: CustomExtension, to x509: OpaquePointer) throws {
        guard let object = OBJ_txt2obj(custom.oid, 1) else {
            throw CertificateError.openSSL(
                "OBJ_txt2obj", code: .invalidParameter,
                context: "parsing extension OID \"\(custom.oid)\"; use dotted decimal such as 1.3.6.1.4.1.55555.1")
        }
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else { throw CertificateError.openSSL("ASN1_OCTET_STRING_new") }
        defer { ASN1_OCTET_STRING_free(octets) }
        guard ASN1_OCTET_STRING_set(octets, custom.value, Int32(custom.value.count)) == 1 else {
            throw CertificateError.openSSL("ASN1_OCTET_STRING_set")
        }
        guard let x509Extension = X509_EXTENSION_create_by_OBJ(nil, object, custom.isCritical ? 1 : 0, octets) else {
            throw CertificateError.openSSL("X509_EXTENSION_create_by_OBJ", context: "extension \(custom.oid)")
        }
        defer { X509_EXTENSION_free(x509Extension) }
        guard X509_add_ext(x509, x509Extension, -1) == 1 else { throw CertificateError.openSSL("X509_add_ext") }
    }
}
