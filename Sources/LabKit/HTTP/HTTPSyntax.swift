/// Byte classes of the HTTP grammar (RFC 9110 §5.6, RFC 9112 §2–§5), used by the
/// request and response parsers and by the serializers that refuse to emit invalid bytes.
enum HTTPSyntax {
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let horizontalTab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let crlf: [UInt8] = [carriageReturn, lineFeed]

    /// Returns whether `byte` is a `tchar`, the characters of a token such as a method or a field
    /// name (RFC 9110 §5.6.2).
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Returns whether `bytes` is a non-empty token (RFC 9110 §5.6.2).
    static func isToken(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenCharacter)
    }

    /// Returns whether `byte` may appear in a field value (RFC 9110 §5.5).
    ///
    /// Visible ASCII, `obs-text` (0x80–0xFF), space and tab may appear. NUL, CR, LF and
    /// the other control characters may not.
    static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte == space || byte == horizontalTab || (byte >= 0x21 && byte != 0x7F)
    }

    /// Returns whether `byte` is visible ASCII (`VCHAR`, 0x21–0x7E), the characters of a
    /// request target.
    static func isVisibleASCII(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E
    }

    /// Returns whether `byte` is optional whitespace (`OWS`: space or tab).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == horizontalTab
    }

    /// Returns whether `text` is a token, for checking names before they are sent.
    static func isToken(_ text: String) -> Bool {
        isToken(Array(text.utf8))
    }

    /// Returns whether `text` can be sent as a field value: no CR, LF, NUL or other control character,
    /// which could otherwise end the field and inject another (response splitting).
    static func isValidFieldValue(_ text: String) -> Bool {
        text.utf8.allSatisfy(isFieldValueCharacter)
    }

    /// Decodes field bytes as UTF-8, or as ISO 8859-1 when they are not valid UTF-8, so that
    /// `obs-text` survives unchanged (RFC 9110 §5.5).
    static func decodeText(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
