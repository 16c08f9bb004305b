public import Foundation

/// A certificate with its private key, such as a server's TLS identity or a CA.
///
/// The kit builds these in memory at test time, so no private key is ever stored in the repository.
public struct CertifiedKey: Sendable {
    /// The certificate.
    public let certificate: Certificate
    /// The private key that matches the certificate's public key.
    public let privateKey: SigningKey

    public init(certificate: Certificate, privateKey: SigningKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// The private key as PKCS#8 PEM, for a TLS configuration or a file `openssl s_server` reads.
    public var privateKeyPEM: String {
        get throws { try privateKey.pemRepresentation }
    }
}

/// A certificate authority for tests: a root or intermediate CA that issues intermediates and leaves.
///
/// ```swift
/// let root = try CertificateAuthority.root(name: "Lab Root CA", validity: start...end)
/// let intermediate = try root.intermediate(name: "Lab Issuing CA")
/// let server = try intermediate.issueServer(names: [.dnsName("api.lab.test")])
/// ```
///
/// CA certificates get critical basic constraints with `cA` set and a critical key usage of
/// `keyCertSign` and `cRLSign`. Leaves get `digitalSignature`, `cA` unset and the extended key
/// usage of their role. Every default can be overridden with a ``CertificateBuilder``.
public struct CertificateAuthority: Sendable {
    /// The CA's certificate and key.
    public let identity: CertifiedKey
    /// The default validity of what this CA issues: its own validity period.
    public let validity: ClosedRange<Date>

    /// The CA's certificate.
    public var certificate: Certificate { identity.certificate }
    /// The CA's private key.
    public var privateKey: SigningKey { identity.privateKey }

    public init(identity: CertifiedKey) {
        self.identity = identity
        self.validity = identity.certificate.notBefore...identity.certificate.notAfter
    }

    /// Creates a self-signed root CA with a new key.
    ///
    /// - Parameters:
    ///   - name: The common name of the CA's subject.
    ///   - keyType: The CA key's type; P-256 by default, because it is fast to generate.
    ///   - validity: The root's validity period, also the default of what it issues.
    ///   - maximumPathLength: The `pathLenConstraint`, or `nil` for no limit.
    public static func root(
        name: String,
        keyType: KeyType = .ecP256,
        validity: ClosedRange<Date>,
        maximumPathLength: Int? = nil
    ) throws -> CertificateAuthority {
        let key = try SigningKey.generate(keyType)
        var builder = CertificateBuilder(
            subject: DistinguishedName(commonName: name), notBefore: validity.lowerBound, notAfter: validity.upperBound)
        builder.basicConstraints = .certificateAuthority(maximumPathLength: maximumPathLength)
        builder.keyUsage = [.keyCertSign, .cRLSign]
        return CertificateAuthority(
            identity: CertifiedKey(certificate: try builder.selfSign(key: key), privateKey: key))
    }

    /// Issues an intermediate CA with a new key, valid for this CA's validity period unless `validity` is set.
    public func intermediate(
        name: String,
        keyType: KeyType = .ecP256,
        validity: ClosedRange<Date>? = nil,
        maximumPathLength: Int? = nil
    ) throws -> CertificateAuthority {
        var builder = makeBuilder(commonName: name, validity: validity)
        builder.basicConstraints = .certificateAuthority(maximumPathLength: maximumPathLength)
        builder.keyUsage = [.keyCertSign, .cRLSign]
        return CertificateAuthority(identity: try issue(builder, keyType: keyType))
    }

    /// Issues a TLS server certificate with a new key for `names`.
    ///
    /// The subject's common name is the first name, as many real certificates have it;
    /// a correct verifier ignores it.
    public func issueServer(
        names: [SubjectAlternativeName], keyType: KeyType = .ecP256, validity: ClosedRange<Date>? = nil
    ) throws -> CertifiedKey {
        try issueLeaf(names: names, usage: [.serverAuth], keyType: keyType, validity: validity)
    }

    /// Issues a TLS client certificate with a new key for `names`, such as a SPIFFE ID URI.
    public func issueClient(
        names: [SubjectAlternativeName], keyType: KeyType = .ecP256, validity: ClosedRange<Date>? = nil
    ) throws -> CertifiedKey {
        try issueLeaf(names: names, usage: [.clientAuth], keyType: keyType, validity: validity)
    }

    /// Issues an end-entity certificate with a new key and the extended key usage `usage`.
    public func issueLeaf(
        names: [SubjectAlternativeName],
        usage: [ExtendedKeyUsage],
        keyType: KeyType = .ecP256,
        validity: ClosedRange<Date>? = nil
    ) throws -> CertifiedKey {
        let commonName = names.first.map(Self.commonName(for:)) ?? "leaf"
        var builder = makeBuilder(commonName: commonName, validity: validity)
        builder.subjectAlternativeNames = names
        builder.basicConstraints = .endEntity
        builder.keyUsage = [.digitalSignature]
        builder.extendedKeyUsage = usage
        return try issue(builder, keyType: keyType)
    }

    /// Signs the certificate `builder` describes for a new key of `keyType`.
    public func issue(_ builder: CertificateBuilder, keyType: KeyType = .ecP256) throws -> CertifiedKey {
        let key = try SigningKey.generate(keyType)
        return CertifiedKey(certificate: try issue(builder, for: key.verificationKey), privateKey: key)
    }

    /// Signs the certificate `builder` describes for an existing public key, as a CA signs a request.
    public func issue(_ builder: CertificateBuilder, for publicKey: VerificationKey) throws -> Certificate {
        try builder.sign(publicKey: publicKey, issuer: certificate, issuerKey: privateKey)
    }

    /// Returns a builder for a certificate named `commonName`, valid for `validity` or this CA's validity.
    public func makeBuilder(commonName: String, validity: ClosedRange<Date>? = nil) -> CertificateBuilder {
        let period = validity ?? self.validity
        return CertificateBuilder(
            subject: DistinguishedName(commonName: commonName), notBefore: period.lowerBound,
            notAfter: period.upperBound)
    }

    /// Creates a self-signed TLS server certificate with a new key, as an attacker or a
    /// development server would: no CA stands behind it.
    public static func selfSignedServer(
        names: [SubjectAlternativeName], keyType: KeyType = .ecP256, validity: ClosedRange<Date>
    ) throws -> CertifiedKey {
        let key = try SigningKey.generate(keyType)
        let commonName = names.first.map(commonName(for:)) ?? "self-signed"
        var builder = CertificateBuilder(
            subject: DistinguishedName(commonName: commonName), notBefore: validity.lowerBound,
            notAfter: validity.upperBound)
        builder.subjectAlternativeNames = names
        builder.keyUsage = [.digitalSignature]
        builder.extendedKeyUsage = [.serverAuth]
        return CertifiedKey(certificate: try builder.selfSign(key: key), privateKey: key)
    }

    private static func commonName(for name: SubjectAlternativeName) -> String {
        switch name {
        case .dnsName(let value), .uri(let value), .email(let value): value
        case .ipAddress(let bytes): SubjectAlternativeName.text(ofAddress: bytes)
        }
    }
}
