import Foundation
public import LabKit

extension ChainValidator {
    /// Checks that every certificate of `path`, the trusted root included, is valid at `clock.now`.
    ///
    /// A certificate is valid from its `notBefore` through its `notAfter`, both inclusive
    /// (RFC 5280 §4.1.2.5), to the second. Certificate times have whole seconds, so
    /// `clock.now` is first truncated to a whole second, as OpenSSL does when it compares a
    /// `time_t`: `notAfter + 0.5 s` is still within the last valid second, and
    /// `notBefore - 0.5 s` is not yet valid.
    ///
    /// - Throws: ``TrustError/Code/notYetValid`` when `now < notBefore`, and
    ///   ``TrustError/Code/expired`` when `now > notAfter`.
    public func checkValidity(of path: [Certificate]) throws {
        let now = Date(timeIntervalSince1970: clock.now.timeIntervalSince1970.rounded(.down))
        for certificate in path {
            if now < certificate.notBefore {
                throw TrustError(
                    .notYetValid, "\(certificate.subject) is valid from \(certificate.notBefore), and it is \(now)")
            }
            if now > certificate.notAfter {
                throw TrustError(
                    .expired, "\(certificate.subject) expired at \(certificate.notAfter), and it is \(now)")
            }
        }
    }

    /// Checks that every issuer in `path` (every certificate after the leaf, the root
    /// included) may act as a CA for the certificates below it.
    ///
    /// For the certificate at index `i ≥ 1`:
    /// 1. Its basic constraints must exist with `cA` set (RFC 5280 §4.2.1.9), and a key
    ///    usage, when present, must contain `keyCertSign` (§4.2.1.3).
    ///    Otherwise ``TrustError/Code/notCertificateAuthority``.
    /// 2. When it has a `pathLenConstraint`, the number of intermediate CAs between it and
    ///    the leaf (indices `1 ..< i`), not counting self-issued ones, must not exceed it.
    ///    Otherwise ``TrustError/Code/pathLengthExceeded``.
    public func checkCertificateAuthorities(of path: [Certificate]) throws {
        for (index, certificate) in path.enumerated().dropFirst() {
            guard certificate.basicConstraints?.isCertificateAuthority == true else {
                throw TrustError(
                    .notCertificateAuthority,
                    "\(certificate.subject) issued a certificate but is not a CA (cA is not set)")
            }
            if let usage = certificate.keyUsage, !usage.contains(.keyCertSign) {
                throw TrustError(
                    .notCertificateAuthority, "\(certificate.subject) is a CA whose key usage lacks keyCertSign")
            }
            let intermediatesBelow = path[1..<index].filter { !$0.isSelfIssued }.count
            if let limit = certificate.basicConstraints?.maximumPathLength, intermediatesBelow > limit {
                throw TrustError(
                    .pathLengthExceeded,
                    "\(certificate.subject) allows \(limit) intermediate CAs below it, and the path has \(intermediatesBelow)"
                )
            }
        }
    }

    /// Checks that the certificates of `path` may be used for the peer's ``role``.
    ///
    /// 1. The leaf's key usage, when present, must allow a TLS handshake: for a server one
    ///    of `digitalSignature`, `keyEncipherment` or `keyAgreement`, and for a client one of
    ///    `digitalSignature` or `keyAgreement`.
    /// 2. The leaf's extended key usage, when present, must contain the role's purpose
    ///    (``PeerRole/extendedKeyUsage``). An absent extension allows every purpose.
    /// 3. Each intermediate CA's extended key usage, when present, must contain that purpose
    ///    too, so that a CA limited to, say, code signing cannot issue TLS certificates.
    ///    The trusted root is not checked: trusting it was a decision made outside the chain.
    ///
    /// - Throws: ``TrustError/Code/usageNotAllowed`` naming the certificate and the missing usage.
    public func checkUsage(of path: [Certificate]) throws {
        guard let leaf = path.first else { return }
        let handshakeUsages: KeyUsage =
            role == .server
            ? [.digitalSignature, .keyEncipherment, .keyAgreement] : [.digitalSignature, .keyAgreement]
        if let usage = leaf.keyUsage, usage.isDisjoint(with: handshakeUsages) {
            throw TrustError(
                .usageNotAllowed, "\(leaf.subject) has key usage \(usage), which allows no TLS handshake signature")
        }
        let purpose = role.extendedKeyUsage
        for certificate in path.dropLast() {
            if let purposes = certificate.extendedKeyUsage, !purposes.contains(purpose) {
                throw TrustError(
                    .usageNotAllowed,
                    "\(certificate.subject) has extended key usage \(purposes.map(\.description)) without \(purpose)")
            }
        }
    }
}
