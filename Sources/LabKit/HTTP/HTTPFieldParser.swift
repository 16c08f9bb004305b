/// Parses header and trailer field lines (RFC 9112 §5) strictly.
enum HTTPFieldParser {
    /// Parses field lines, without their CRLFs, into headers in the order received.
    ///
    /// - Throws: `HTTPParseError` (400) for any of these:
    ///   - a line that starts with whitespace (obsolete line folding, RFC 9112 §5.2);
    ///   - a missing colon;
    ///   - a field name that is not a token or has whitespace before the colon (RFC 9112 §5.1);
    ///   - a value with a control character such as a bare CR (RFC 9110 §5.5).
    static func parse(_ lines: some Sequence<[UInt8]>) throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        for line in lines {
            let (name, value) = try parseLine(line)
            headers.add(name: name, value: value)
        }
        return headers
    }

    private static func parseLine(_ line: [UInt8]) throws -> (String, String) {
        if let first = line.first, HTTPSyntax.isWhitespace(first) {
            throw HTTPParseError.badRequest(
                "obsolete line folding (a field line starting with whitespace) is not accepted")
        }
        guard let colon = line.firstIndex(of: HTTPSyntax.colon) else {
            throw HTTPParseError.badRequest("a header field line has no colon")
        }
        let name = line[..<colon]
        guard HTTPSyntax.isToken(name) else {
            throw HTTPParseError.badRequest(
                "a header field name is empty, contains an invalid character, or has whitespace before the colon")
        }
        let value = trimmingWhitespace(line[(colon + 1)...])
        guard value.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw HTTPParseError.badRequest("a header field value contains a control character")
        }
        return (HTTPSyntax.decodeText(name), HTTPSyntax.decodeText(value))
    }

    private static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var trimmed = bytes
        while let first = trimmed.first, HTTPSyntax.isWhitespace(first) {
            trimmed.removeFirst()
        }
        while let last = trimmed.last, HTTPSyntax.isWhitespace(last) {
            trimmed.removeLast()
        }
        return trimmed
    }

    /// Reads the one length that the `Content-Length` fields state (RFC 9112 §6.3, rule 5).
    ///
    /// Several fields, or a comma-separated list, are accepted only when every value is the
    /// same, because differing lengths are how one message is made to look like two.
    /// - Returns: The length, or `nil` when there is no `Content-Length` field.
    /// - Throws: `HTTPParseError` (400) for an empty, signed, non-decimal or differing value.
    static func contentLength(of headers: HTTPHeaders) throws -> Int? {
        let values = headers.values(for: "Content-Length")
        guard !values.isEmpty else { return nil }
        let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let lengths = try items.map { try parseLength($0.trimmingCharacters(in: [" ", "\t"])) }
        guard let first = lengths.first, lengths.allSatisfy({ $0 == first }) else {
            throw HTTPParseError.badRequest("the Content-Length fields state different lengths")
        }
        return first
    }

    /// Parses one `Content-Length` value: one or more decimal digits and nothing else.
    ///
    /// A length too large for `Int` is returned as `Int.max`, so that the size limit rejects it.
    private static func parseLength(_ text: String) throws -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw HTTPParseError.badRequest("Content-Length must be a non-negative decimal number")
        }
        return Int(text) ?? Int.max
    }
}
