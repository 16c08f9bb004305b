import Foundation

/// The gateway's reading of a request path, decided once and used for both routing and
/// forwarding.
///
/// A gateway and a backend that read one path differently are a classic bypass: if the
/// gateway routes `/public/..%2Finternal` as a public path but the backend decodes and
/// resolves it to `/internal`, the route table protects nothing. The gateway therefore
/// rejects what it could read in more than one way, and forwards the canonical path it
/// matched rather than the bytes the client sent.
public enum RequestPath {
    /// Splits a request path into percent-decoded segments, or returns `nil` when the
    /// path must be rejected with `400 Bad Request`.
    ///
    /// The rules, in order:
    /// 1. The path must start with `/` (origin form, RFC 9112 §3.2.1).
    /// 2. Empty segments are dropped, so `//orders//42/` reads as `/orders/42`. Many
    ///    servers merge slashes this way, and the gateway must match what they will see.
    /// 3. Each segment is percent-decoded (RFC 3986 §2.1). A `%` not followed by two hex
    ///    digits, or bytes that are not UTF-8, reject the path.
    /// 4. A decoded segment may not be `.` or `..`, raw or encoded as `%2e` (the dot
    ///    segments of RFC 3986 §3.3). It may not contain `/` or `\`, because an encoded
    ///    `%2F` or `%5C` would split one segment into two at a backend that decodes first.
    ///    It may not contain a control character (U+0000–U+001F or U+007F) either.
    ///
    /// - Parameter path: The path of the request target, before any `?`, not decoded.
    /// - Returns: The decoded segments (empty for `/`), or `nil` to reject the path.
    public static func canonicalSegments(of path: String) -> [String]? {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return nil }

        var segments: [String] = []
        var current: [UInt8] = []
        var index = 1
        while index <= bytes.count {
            // The end of the text closes the last segment just as a "/" does.
            if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                if !current.isEmpty {
                    guard let segment = acceptedSegment(current) else { return nil }
                    segments.append(segment)
                    current.removeAll(keepingCapacity: true)
                }
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count,
                    let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                current.append(high << 4 | low)
                index += 3
                continue
            }
            current.append(bytes[index])
            index += 1
        }
        return segments
    }

    /// Returns a decoded segment as text, or `nil` when rule 3 or 4 rejects it.
    private static func acceptedSegment(_ decoded: [UInt8]) -> String? {
        let forbidden: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "\\"), 0x7F]
        guard !decoded.contains(where: { $0 < 0x20 || forbidden.contains($0) }) else { return nil }
        guard decoded != [UInt8(ascii: ".")], decoded != [UInt8(ascii: "."), UInt8(ascii: ".")] else { return nil }
        return String(validating: decoded, as: UTF8.self)
    }

    /// Returns the value of one hexadecimal digit in either case, or `nil` for any other byte.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Joins decoded segments into the path the gateway forwards, percent-encoding every
    /// byte except the unreserved characters of RFC 3986 §2.3 (`A–Z a–z 0–9 - . _ ~`).
    ///
    /// Encoding more than the minimum is deliberate: `;` stays `%3B`, so a backend that
    /// treats `;` as a path-parameter separator (Apache Tomcat reads `/..;/` as `/../`)
    /// receives plain data.
    public static func path(from segments: [String]) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        return "/" + encoded.joined(separator: "/")
    }
}
