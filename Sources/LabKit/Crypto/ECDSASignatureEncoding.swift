import COpenSSL
import Foundation

/// Conversions between the two encodings of an ECDSA signature `(r, s)`.
///
/// OpenSSL reads and writes the DER `ECDSA-Sig-Value` SEQUENCE of two INTEGERs (RFC 3279
/// §2.2.3); JWS uses the fixed-length concatenation `R ‖ S`, each left-padded to the size
/// of the curve's order (RFC 7518 §3.4).
///
/// Related OpenSSL documentation: `ECDSA_SIG_new(3)`, `i2d_ECDSA_SIG(3)`.
enum ECDSASignatureEncoding {
    /// Converts a JWS `R ‖ S` signature to DER after checking its length and range.
    ///
    /// Both `r` and `s` must lie in `1 ..< n`, where `n` is the curve's group order, or no
    /// valid signature could have them (SEC 1 v2 §4.1.4 step 1). The check runs here, before
    /// OpenSSL, so that a malformed signature gets its own error instead of a plain mismatch.
    ///
    /// - Throws: ``CryptoError/Code/invalidSignatureEncoding`` for a wrong length or a value
    ///   out of range.
    static func derSignature(fromRaw raw: Data, keyType: KeyType) throws -> Data {
        let size = try coordinateByteCount(for: keyType)
        guard raw.count == 2 * size else {
            throw CryptoError(
                .invalidSignatureEncoding,
                "\(keyType) signature is \(raw.count) bytes; JWS requires \(2 * size) bytes of R ‖ S (RFC 7518 §3.4)")
        }
        let r = Array(raw.prefix(size))
        let s = Array(raw.suffix(size))
        let order = try groupOrder(for: keyType, byteCount: size)
        try checkRange(r, name: "r", order: order)
        try checkRange(s, name: "s", order: order)
        return try encodeDER(r: r, s: s)
    }

    /// Converts a DER signature from OpenSSL to the JWS `R ‖ S` form.
    static func rawSignature(fromDER der: Data, keyType: KeyType) throws -> Data {
        let size = try coordinateByteCount(for: keyType)
        let bytes = Array(der)
        let signature = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, bytes.count)
        }
        guard let signature else { throw CryptoError.openSSL("d2i_ECDSA_SIG") }
        defer { ECDSA_SIG_free(signature) }

        var r: OpaquePointer?
        var s: OpaquePointer?
        ECDSA_SIG_get0(signature, &r, &s)
        guard let rBytes = bigEndianBytes(of: r, byteCount: size), let sBytes = bigEndianBytes(of: s, byteCount: size)
        else {
            throw CryptoError.openSSL("BN_bn2binpad", context: "converting an ECDSA signature to R ‖ S")
        }
        return Data(rBytes + sBytes)
    }

    /// Returns `number` as big-endian bytes left-padded to `byteCount`, or `nil` when it does not fit.
    private static func bigEndianBytes(of number: OpaquePointer?, byteCount: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        guard BN_bn2binpad(number, &bytes, Int32(byteCount)) == byteCount else { return nil }
        return bytes
    }

    /// Returns the length of one coordinate, and of `r` and of `s`: 32 bytes for P-256, 48 for P-384.
    static func coordinateByteCount(for keyType: KeyType) throws -> Int {
        switch keyType {
        case .ecP256: return 32
        case .ecP384: return 48
        default: throw CryptoError(.algorithmMismatch, "an \(keyType) key has no ECDSA signature encoding")
        }
    }

    private static func checkRange(_ value: [UInt8], name: String, order: [UInt8]) throws {
        guard value.contains(where: { $0 != 0 }) else {
            throw CryptoError(
                .invalidSignatureEncoding, "ECDSA signature has \(name) = 0, which no valid signature has")
        }
        guard value.lexicographicallyPrecedes(order) else {
            throw CryptoError(
                .invalidSignatureEncoding,
                "ECDSA signature has \(name) at or above the curve order n, which no valid signature has")
        }
    }

    /// Returns the curve's group order `n` as big-endian bytes of `byteCount` length, read from OpenSSL.
    ///
    /// Related OpenSSL documentation: `EC_GROUP_new_by_curve_name(3)`, `EC_GROUP_get0_order(3)`.
    private static func groupOrder(for keyType: KeyType, byteCount: Int) throws -> [UInt8] {
        let curve = keyType == .ecP256 ? NID_X9_62_prime256v1 : NID_secp384r1
        guard let group = EC_GROUP_new_by_curve_name(curve) else {
            throw CryptoError.openSSL("EC_GROUP_new_by_curve_name")
        }
        defer { EC_GROUP_free(group) }
        guard let order = bigEndianBytes(of: EC_GROUP_get0_order(group), byteCount: byteCount) else {
            throw CryptoError.openSSL("BN_bn2binpad", context: "reading the order of \(keyType)")
        }
        return order
    }

    private static func encodeDER(r: [UInt8], s: [UInt8]) throws -> Data {
        guard let signature = ECDSA_SIG_new() else { throw CryptoError.openSSL("ECDSA_SIG_new") }
        defer { ECDSA_SIG_free(signature) }
        let rNumber = BN_bin2bn(r, Int32(r.count), nil)
        let sNumber = BN_bin2bn(s, Int32(s.count), nil)
        // ECDSA_SIG_set0 takes ownership of both numbers only when it succeeds.
        guard let rNumber, let sNumber, ECDSA_SIG_set0(signature, rNumber, sNumber) == 1 else {
            BN_free(rNumber)
            BN_free(sNumber)
            throw CryptoError.openSSL("ECDSA_SIG_set0")
        }

        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { throw CryptoError.openSSL("i2d_ECDSA_SIG") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        guard written == length else { throw CryptoError.openSSL("i2d_ECDSA_SIG") }
        return Data(der)
    }
}
