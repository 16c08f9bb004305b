import Foundation
public import LabKit

/// The public keys a client accepts for one server, as SHA-256 pins of their
/// SubjectPublicKeyInfo in base64: the `pin-sha256` form of RFC 7469 §2.4, which
/// `curl --pinnedpubkey sha256//…` also takes.
///
/// A pin set has the primary pin (the key in use) and backup pins (keys kept offline for a
/// rotation), because a client that pins one key only is locked out when that key must change.
public struct PinSet: Sendable, Equatable {
    /// The pin of the key the server uses now.
    public let primary: String
    /// Pins of keys the server may switch to.
    public let backups: [String]

    /// Creates a pin set, checking that every pin is base64 of exactly 32 bytes.
    ///
    /// - Throws: `LabKitError` with code `invalidArgument` naming the bad pin and how to compute a good one.
    public init(primary: String, backups: [String] = []) throws {
        // TODO: Part 4 — check that every pin is base64 of exactly 32 bytes, then store them.
        throw LabKitError.notImplemented("check and store pins", part: 4, in: "PinSet")
    }

    /// Every pin, primary first.
    public var pins: [String] { [primary] + backups }

    /// Computes the pin of a certificate's key: base64 of the SHA-256 digest of its DER
    /// SubjectPublicKeyInfo (``Certificate/subjectPublicKeyInfo``).
    ///
    /// The pin covers the key, not the certificate, so it stays the same when the
    /// certificate is renewed for the same key.
    public static func pin(of certificate: Certificate) -> String {
        // TODO: Part 4 — base64 of Digest.sha256.hash(certificate.subjectPublicKeyInfo).
        return ""
    }
}
