import COpenSSL
public import Foundation

/// An X.509 v3 certificate, parsed by OpenSSL (RFC 5280).
///
/// Every field is read once, when the certificate is parsed, so reading a property never
/// fails. Two certificates are equal when their DER encodings are equal.
///
/// ```swift
/// let chain = try Certificate.parsePEMBundle(String(contentsOfFile: "chain.pem"))
/// print(chain[0].subject, chain[0].subjectAlternativeNames, chain[0].publicKeyPin)
/// ```
public struct Certificate: Hashable, Sendable, CustomStringConvertible {
    let handle: X509Handle

    /// The certificate's DER encoding, exactly as parsed or signed.
    public let derRepresentation: [UInt8]
    /// The certificate's version number: 3 for every certificate with extensions.
    public let version: Int
    /// The serial number as uppercase hexadecimal, two digits per byte, as `openssl x509 -serial` prints it.
    public let serialNumber: String
    /// The name of the certified entity.
    public let subject: DistinguishedName
    /// The name of the CA that signed the certificate.
    public let issuer: DistinguishedName
    /// The first second at which the certificate is valid.
    public let notBefore: Date
    /// The last second at which the certificate is valid (RFC 5280 §4.1.2.5: the period is inclusive).
    public let notAfter: Date
    /// The DNS names, IP addresses, URIs and email addresses of the subject alternative name
    /// extension, in encoded order; empty when the extension is absent.
    public let subjectAlternativeNames: [SubjectAlternativeName]
    /// The basic constraints extension, or `nil` when it is absent.
    public let basicConstraints: BasicConstraints?
    /// The key usage extension, or `nil` when it is absent (which permits every usage).
    public let keyUsage: KeyUsage?
    /// The extended key usage extension's purposes, or `nil` when it is absent (which permits every purpose).
    public let extendedKeyUsage: [ExtendedKeyUsage]?
    /// Whether the certificate has a critical extension that OpenSSL does not process; RFC 5280
    /// §4.2 requires rejecting such a certificate.
    public let hasUnhandledCriticalExtension: Bool
    /// The DER SubjectPublicKeyInfo: the key's algorithm and the public key (RFC 5280 §4.1.2.7).
    public let subjectPublicKeyInfo: [UInt8]

    /// Parses one DER-encoded certificate.
    ///
    /// - Throws: ``CertificateError/Code/invalidCertificate`` when the bytes are not exactly
    ///   one well-formed certificate.
    ///
    /// Related OpenSSL documentation: `d2i_X509(3)`.
    public init(derEncoded der: some Sequence<UInt8>) throws {
        let bytes = Array(der)
        try self.init(handle: X509Handle.parsing(der: bytes), der: bytes)
    }

    init(handle: X509Handle) throws {
        try self.init(handle: handle, der: handle.derEncoding())
    }

    private init(handle: X509Handle, der: [UInt8]) throws {
        let x509 = handle.pointer
        self.handle = handle
        self.derRepresentation = der
        self.version = Int(X509_get_version(x509)) + 1
        self.serialNumber = try Self.serialNumber(of: x509)
        self.subject = try DistinguishedName(reading: try Self.required(X509_get_subject_name(x509), "subject"))
        self.issuer = try DistinguishedName(reading: try Self.required(X509_get_issuer_name(x509), "issuer"))
        self.notBefore = try Self.date(of: X509_get0_notBefore(x509), field: "notBefore")
        self.notAfter = try Self.date(of: X509_get0_notAfter(x509), field: "notAfter")
        self.subjectAlternativeNames = try Self.subjectAlternativeNames(of: x509)
        self.subjectPublicKeyInfo = try Self.subjectPublicKeyInfo(of: x509)

        let flags = X509_get_extension_flags(x509)
        guard flags & UInt32(EXFLAG_INVALID) == 0 else {
            throw CertificateError(
                .invalidCertificate,
                "certificate \(subject) has a malformed or duplicated extension (OpenSSL sets EXFLAG_INVALID)")
        }
        self.hasUnhandledCriticalExtension = flags & UInt32(EXFLAG_CRITICAL) != 0
        self.basicConstraints = Self.basicConstraints(of: x509, flags: flags)
        self.keyUsage = Self.keyUsage(of: x509, flags: flags)
        self.extendedKeyUsage = Self.extendedKeyUsage(of: x509)
    }

    /// The SHA-256 digest of ``subjectPublicKeyInfo`` in base64: the `pin-sha256` value of
    /// RFC 7469 §2.4, and what `curl --pinnedpubkey sha256//…` takes.
    public var publicKeyPin: String {
        Digest.sha256.hash(subjectPublicKeyInfo).base64EncodedString()
    }

    /// Whether the subject and issuer names are equal: the certificate claims to be its own issuer.
    public var isSelfIssued: Bool {
        subject == issuer
    }

    /// The certified public key.
    ///
    /// - Throws: `CryptoError` for key types the kit does not support, and RSA keys under 2048 bits.
    public var publicKey: VerificationKey {
        get throws {
            guard let key = X509_get_pubkey(handle.pointer) else {
                throw CertificateError.openSSL("X509_get_pubkey", code: .invalidCertificate)
            }
            return try VerificationKey(checking: EVPKey(taking: key))
        }
    }

    /// Checks whether this certificate's signature verifies with `issuer`'s public key.
    ///
    /// Only the signature is checked: not names, dates or extensions. A self-signed
    /// certificate verifies with itself.
    ///
    /// Related OpenSSL documentation: `X509_verify(3)`.
    public func isSignature(verifiedBy issuer: Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.handle.pointer) else {
            ERR_clear_error()
            return false
        }
        let verified = X509_verify(handle.pointer, key) == 1
        ERR_clear_error()
        return verified
    }

    /// A one-line summary: subject, issuer and validity.
    public var description: String {
        "Certificate(subject: \(subject), issuer: \(issuer), notBefore: \(notBefore), notAfter: \(notAfter))"
    }

    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        lhs.derRepresentation == rhs.derRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(derRepresentation)
    }
}

// MARK: - Reading fields

extension Certificate {
    private static func required(_ pointer: OpaquePointer?, _ field: String) throws -> OpaquePointer {
        guard let pointer else {
            throw CertificateError(.invalidCertificate, "certificate has no \(field) field")
        }
        return pointer
    }

    private static func serialNumber(of x509: OpaquePointer) throws -> String {
        guard let serial = X509_get0_serialNumber(x509) else {
            throw CertificateError(.invalidCertificate, "certificate has no serial number")
        }
        let bytes = UnsafeBufferPointer(start: ASN1_STRING_get0_data(serial), count: Int(ASN1_STRING_length(serial)))
        let digits = bytes.isEmpty ? "00" : bytes.map { String(format: "%02X", $0) }.joined()
        return serial.pointee.type == V_ASN1_NEG_INTEGER ? "-" + digits : digits
    }

    /// Converts an ASN.1 UTCTime or GeneralizedTime into a date, at whole-second precision.
    private static func date(of time: UnsafePointer<ASN1_TIME>?, field: String) throws -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw CertificateError.openSSL("ASN1_TIME_to_tm", code: .invalidCertificate, context: "reading \(field)")
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func subjectAlternativeNames(of x509: OpaquePointer) throws -> [SubjectAlternativeName] {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        return try (0..<OPENSSL_sk_num(names)).compactMap { index in
            try OPENSSL_sk_value(names, index).flatMap {
                try SubjectAlternativeName.reading($0.assumingMemoryBound(to: GENERAL_NAME.self))
            }
        }
    }

    private static func subjectPublicKeyInfo(of x509: OpaquePointer) throws -> [UInt8] {
        guard let key = X509_get_X509_PUBKEY(x509) else {
            throw CertificateError(.invalidCertificate, "certificate has no subject public key info")
        }
        let length = i2d_X509_PUBKEY(key, nil)
        guard length > 0 else { throw CertificateError.openSSL("i2d_X509_PUBKEY", code: .invalidCertificate) }
        var der = [UInt8](repeating: 0, count: Int(length))
        der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_X509_PUBKEY(key, &cursor)
        }
        return der
    }

    private static func basicConstraints(of x509: OpaquePointer, flags: UInt32) -> BasicConstraints? {
        guard flags & UInt32(EXFLAG_BCONS) != 0 else { return nil }
        let isCA = flags & UInt32(EXFLAG_CA) != 0
        let pathLength = X509_get_pathlen(x509)
        return BasicConstraints(isCertificateAuthority: isCA, maximumPathLength: pathLength >= 0 ? pathLength : nil)
    }

    private static func keyUsage(of x509: OpaquePointer, flags: UInt32) -> KeyUsage? {
        guard flags & UInt32(EXFLAG_KUSAGE) != 0 else { return nil }
        let bits = X509_get_key_usage(x509)
        let openSSLBits: [(Int32, KeyUsage)] = [
            (KU_DIGITAL_SIGNATURE, .digitalSignature), (KU_NON_REPUDIATION, .contentCommitment),
            (KU_KEY_ENCIPHERMENT, .keyEncipherment), (KU_DATA_ENCIPHERMENT, .dataEncipherment),
            (KU_KEY_AGREEMENT, .keyAgreement), (KU_KEY_CERT_SIGN, .keyCertSign), (KU_CRL_SIGN, .cRLSign),
            (KU_ENCIPHER_ONLY, .encipherOnly), (KU_DECIPHER_ONLY, .decipherOnly),
        ]
        return openSSLBits.reduce(into: KeyUsage()) { usage, pair in
            if bits & UInt32(pair.0) != 0 { usage.insert(pair.1) }
        }
    }

    private static func extendedKeyUsage(of x509: OpaquePointer) -> [ExtendedKeyUsage]? {
        guard let raw = X509_get_ext_d2i(x509, NID_ext_key_usage, nil, nil) else { return nil }
        let usages = OpaquePointer(raw)
        defer { EXTENDED_KEY_USAGE_free(usages) }
        return (0..<OPENSSL_sk_num(usages)).compactMap { index in
            OPENSSL_sk_value(usages, index).map { ExtendedKeyUsage(oid: objectIdentifier(OpaquePointer($0))) }
        }
    }
}
