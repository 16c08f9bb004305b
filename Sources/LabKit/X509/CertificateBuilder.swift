import COpenSSL
public import Foundation

/// The fields of a certificate to sign: names, dates and extensions, each chosen freely so
/// that tests can build valid certificates and every kind of broken one.
///
/// ```swift
/// var builder = CertificateBuilder(subject: DistinguishedName(commonName: "api"), notBefore: start, notAfter: end)
/// builder.subjectAlternativeNames = [.dnsName("api.example.com")]
/// builder.extendedKeyUsage = [.serverAuth]
/// let certificate = try builder.sign(publicKey: key.verificationKey, issuer: ca.certificate, issuerKey: ca.privateKey)
/// ```
///
/// The builder writes X.509 v3 certificates with a subject key identifier, and an authority
/// key identifier taken from the issuer, as RFC 5280 §4.2.1.1–2 requires of CAs.
public struct CertificateBuilder: Sendable {
    /// The subject name.
    public var subject: DistinguishedName
    /// The serial number as big-endian bytes; a random 16-byte positive number by default.
    public var serialNumber: [UInt8]
    /// The start of validity, truncated to whole seconds.
    public var notBefore: Date
    /// The end of validity, inclusive, truncated to whole seconds.
    public var notAfter: Date
    /// The subject alternative names; no extension is written when empty.
    public var subjectAlternativeNames: [SubjectAlternativeName] = []
    /// The basic constraints, written as a critical extension; `nil` writes none.
    public var basicConstraints: BasicConstraints?
    /// The key usage, written as a critical extension; `nil` writes none.
    public var keyUsage: KeyUsage?
    /// The extended key usage purposes; `nil` writes no extension.
    public var extendedKeyUsage: [ExtendedKeyUsage]?

    public init(subject: DistinguishedName, notBefore: Date, notAfter: Date) {
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        var serial = (0..<16).map { _ in UInt8.random(in: 0...255) }
        serial[0] = serial[0] & 0x7f | 0x10  // positive, and 16 bytes long once encoded
        self.serialNumber = serial
    }

    /// Signs a certificate for `publicKey` with the issuer's private key.
    ///
    /// The signature is ECDSA with SHA-256 (P-256) or SHA-384 (P-384), RSA PKCS#1 v1.5 with
    /// SHA-256, or Ed25519, chosen by the issuer's key type.
    ///
    /// - Throws: ``CertificateError/Code/invalidParameter`` for fields that cannot be
    ///   encoded, and ``CertificateError/Code/openSSL`` when OpenSSL fails.
    ///
    /// Related OpenSSL documentation: `X509_sign(3)`, `X509V3_EXT_nconf_nid(3)`.
    public func sign(publicKey: VerificationKey, issuer: Certificate, issuerKey: SigningKey) throws -> Certificate {
        try build(publicKey: publicKey, issuerName: issuer.subject, issuer: issuer.handle.pointer, issuerKey: issuerKey)
    }

    /// Signs a self-signed certificate: the subject is also the issuer, and `key` signs its own public key.
    public func selfSign(key: SigningKey) throws -> Certificate {
        try build(publicKey: key.verificationKey, issuerName: subject, issuer: nil, issuerKey: key)
    }

    /// Builds and signs; `issuer` is `nil` for a self-signed certificate.
    private func build(
        publicKey: VerificationKey, issuerName: DistinguishedName, issuer: OpaquePointer?, issuerKey: SigningKey
    ) throws -> Certificate {
        try checkFields()
        guard let x509 = X509_new() else { throw CertificateError.openSSL("X509_new") }
        let handle = X509Handle(taking: x509)

        guard X509_set_version(x509, 2) == 1 else { throw CertificateError.openSSL("X509_set_version") }
        try setSerialNumber(x509)
        try setName(subject, x509, X509_set_subject_name)
        try setName(issuerName, x509, X509_set_issuer_name)
        try setTime(notBefore, X509_getm_notBefore(x509), field: "notBefore")
        try setTime(notAfter, X509_getm_notAfter(x509), field: "notAfter")
        guard X509_set_pubkey(x509, publicKey.key.pointer) == 1 else {
            throw CertificateError.openSSL("X509_set_pubkey")
        }
        try addExtensions(x509, issuer: issuer ?? x509)

        // Ed25519 hashes internally, so X509_sign takes no digest for it.
        let digest: OpaquePointer? =
            switch issuerKey.keyType {
            case .ed25519: nil
            case .ecP384: EVP_sha384()
            case .ecP256, .rsa: EVP_sha256()
            }
        guard X509_sign(x509, issuerKey.key.pointer, digest) > 0 else {
            throw CertificateError.openSSL("X509_sign", context: "signing certificate for \(subject)")
        }
        return try Certificate(handle: handle)
    }

    private func checkFields() throws {
        guard !subject.attributes.isEmpty || !subjectAlternativeNames.isEmpty else {
            throw CertificateError(
                .invalidParameter, "certificate has neither a subject name nor subject alternative names; set one")
        }
        guard !serialNumber.isEmpty, serialNumber.count <= 20 else {
            throw CertificateError(
                .invalidParameter,
                "serial number of \(serialNumber.count) bytes is outside 1…20 bytes (RFC 5280 §4.1.2.2)")
        }
    }

    private func setSerialNumber(_ x509: OpaquePointer) throws {
        guard let number = BN_bin2bn(serialNumber, Int32(serialNumber.count), nil) else {
            throw CertificateError.openSSL("BN_bin2bn")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw CertificateError.openSSL("BN_to_ASN1_INTEGER")
        }
    }

    private func setName(
        _ name: DistinguishedName, _ x509: OpaquePointer, _ setter: (OpaquePointer?, OpaquePointer?) -> Int32
    ) throws {
        let openSSLName = try name.makeOpenSSLName()
        defer { X509_NAME_free(openSSLName) }
        guard setter(x509, openSSLName) == 1 else { throw CertificateError.openSSL("X509_set_subject_name") }
    }

    private func setTime(_ date: Date, _ field: UnsafeMutablePointer<ASN1_TIME>?, field name: String) throws {
        guard let seconds = time_t(exactly: date.timeIntervalSince1970.rounded(.down)) else {
            throw CertificateError(
                .invalidParameter,
                "\(name) of \(date.timeIntervalSince1970) s since 1970 does not fit in time_t; choose a date between years 0 and 9999"
            )
        }
        guard ASN1_TIME_set(field, seconds) != nil else {
            throw CertificateError.openSSL(
                "ASN1_TIME_set", code: .invalidParameter, context: "setting \(name) to \(date)")
        }
    }
}

// MARK: - Extensions

extension CertificateBuilder {
    private func addExtensions(_ x509: OpaquePointer, issuer: OpaquePointer) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, x509, nil, nil, 0)

        if let basicConstraints {
            var value = "critical,CA:\(basicConstraints.isCertificateAuthority ? "TRUE" : "FALSE")"
            if let length = basicConstraints.maximumPathLength { value += ",pathlen:\(length)" }
            try addExtension(x509, NID_basic_constraints, value, &context)
        }
        if let keyUsage {
            let names = KeyUsage.names.filter { keyUsage.contains($0.0) }.map(\.openSSLName)
            guard !names.isEmpty else {
                throw CertificateError(.invalidParameter, "key usage is empty; set at least one usage or set nil")
            }
            try addExtension(x509, NID_key_usage, "critical," + names.joined(separator: ","), &context)
        }
        if let extendedKeyUsage {
            guard !extendedKeyUsage.isEmpty else {
                throw CertificateError(
                    .invalidParameter, "extended key usage is empty; set at least one purpose or set nil")
            }
            try addExtension(x509, NID_ext_key_usage, extendedKeyUsage.map(\.oid).joined(separator: ","), &context)
        }
        try addSubjectAlternativeNames(x509)
        try addExtension(x509, NID_subject_key_identifier, "hash", &context)
        if issuer != x509 {
            try addExtension(x509, NID_authority_key_identifier, "keyid:always", &context)
        }
    }

    private func addExtension(_ x509: OpaquePointer, _ nid: Int32, _ value: String, _ context: inout X509V3_CTX) throws
    {
        guard let extensionValue = X509V3_EXT_nconf_nid(nil, &context, nid, value) else {
            let name = OBJ_nid2sn(nid).map { String(cString: $0) } ?? "\(nid)"
            throw CertificateError.openSSL(
                "X509V3_EXT_nconf_nid", code: .invalidParameter, context: "encoding \(name) = \(value)")
        }
        defer { X509_EXTENSION_free(extensionValue) }
        guard X509_add_ext(x509, extensionValue, -1) == 1 else { throw CertificateError.openSSL("X509_add_ext") }
    }

    private func addSubjectAlternativeNames(_ x509: OpaquePointer) throws {
        guard !subjectAlternativeNames.isEmpty else { return }
        guard let names = GENERAL_NAMES_new() else { throw CertificateError.openSSL("GENERAL_NAMES_new") }
        defer { GENERAL_NAMES_free(names) }
        for name in subjectAlternativeNames {
            let openSSLName = try name.makeOpenSSLName()
            guard OPENSSL_sk_push(names, openSSLName) > 0 else {
                GENERAL_NAME_free(openSSLName)
                throw CertificateError.openSSL("OPENSSL_sk_push")
            }
        }
        // A certificate without a subject name must mark its alternative names critical (RFC 5280 §4.2.1.6).
        let critical: Int32 = subject.attributes.isEmpty ? 1 : 0
        let rawNames = UnsafeMutableRawPointer(names)
        guard X509_add1_ext_i2d(x509, NID_subject_alt_name, rawNames, critical, 0) == 1 else {
            throw CertificateError.openSSL("X509_add1_ext_i2d", context: "adding subject alternative names")
        }
    }
}
