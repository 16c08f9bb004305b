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
        // TODO: Part 2 — truncate clock.now to a whole second, then compare it with every
        // certificate's notBefore and notAfter (both inclusive).
        throw LabKitError.notImplemented("check validity periods", part: 2, in: "ChainValidator")
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
        // TODO: Part 2 — every certificate after the leaf needs cA set, keyCertSign when it has a
        // key usage, and a pathLenConstraint no smaller than the intermediate CAs below it.
        throw LabKitError.notImplemented("check CA constraints", part: 2, in: "ChainValidator")
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
        // TODO: Part 2 — the leaf's key usage must allow a handshake for the role, and the
        // extended key usage of the leaf and each intermediate must contain role.extendedKeyUsage.
        throw LabKitError.notImplemented("check key usage for the role", part: 2, in: "ChainValidator")
    }
}
