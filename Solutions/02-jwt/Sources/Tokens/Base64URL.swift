public import Foundation

/// The base64url encoding without padding that JWS uses (RFC 7515 §2, RFC 4648 §5).
public enum Base64URL {
    /// The 64 characters of the URL-safe alphabet, in the order of their 6-bit values.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes bytes as base64url with no `=` padding.
    public static func encode(_ data: some DataProtocol) -> String {
        let bytes = Array(data)
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var start = 0
        while start < bytes.count {
            // Up to 3 bytes make a 24-bit group, written as one character per 6 bits:
            // 1 byte gives 2 characters, 2 bytes give 3, 3 bytes give 4.
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var group: UInt32 = 0
            for (offset, byte) in chunk.enumerated() {
                group |= UInt32(byte) << (16 - 8 * offset)
            }
            for position in 0...chunk.count {
                text.append(alphabet[Int((group >> (18 - 6 * position)) & 0x3F)])
            }
            start += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes strict base64url text without padding.
    ///
    /// - Only `A–Z`, `a–z`, `0–9`, `-` and `_` are accepted: padding (`=`), whitespace and the
    ///   standard alphabet's `+` and `/` are rejected (RFC 7515 §2).
    /// - The encoding must be canonical: a length of 1 modulo 4, or unused low bits that are
    ///   not zero, is rejected, so every byte string has exactly one accepted text and an
    ///   attacker cannot re-encode a signature into a different token.
    ///
    /// - Throws: `JWTError` with code ``JWTError/Code/malformed``.
    public static func decode(_ text: String) throws -> Data {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else {
            throw JWTError(
                .malformed,
                "invalid base64url \"\(text.prefix(16))…\": no byte string encodes to a length of 1 modulo 4")
        }
        var bytes = Data(capacity: characters.count * 3 / 4)
        var pending: UInt32 = 0
        var pendingBits = 0
        for (offset, character) in characters.enumerated() {
            guard let value = sixBitValue(of: character) else {
                let shown = character < 0x80 ? "'\(Character(Unicode.Scalar(character)))'" : "a non-ASCII byte"
                throw JWTError(
                    .malformed,
                    "invalid base64url \"\(text.prefix(16))…\": \(shown) at offset \(offset); "
                        + "use only A–Z, a–z, 0–9, - and _, without = padding")
            }
            pending = (pending << 6 | UInt32(value)) & 0xFFFF
            pendingBits += 6
            if pendingBits >= 8 {
                pendingBits -= 8
                bytes.append(UInt8(truncatingIfNeeded: pending >> pendingBits))
            }
        }
        // The 2 or 4 bits left over belong to no byte. Unless they are zero, a second text
        // would decode to the same bytes.
        guard pending & ((1 << pendingBits) - 1) == 0 else {
            throw JWTError(.malformed, "invalid base64url \"\(text.prefix(16))…\": the unused low bits are not zero")
        }
        return bytes
    }

    /// Returns the 6-bit value of a base64url character, or `nil` outside the alphabet.
    private static func sixBitValue(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
