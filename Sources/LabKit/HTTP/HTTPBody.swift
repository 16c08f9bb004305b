/// The framing of a message body, which determines where the body ends (RFC 9112 §6.3).
enum HTTPBodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// The chunked transfer coding (RFC 9112 §7.1).
    case chunked
    /// Everything until the sender closes the connection (responses only).
    case untilClose
}

/// Limits that apply while reading a body.
struct BodyLimits: Sendable {
    /// The maximum body size in bytes after removing the chunked coding.
    var maxBodyBytes: Int
    /// Limits for the trailer section of a chunked body.
    var trailer: HeadLimits
}

extension MessageReader {
    /// Reads a body framed as described by `framing`.
    ///
    /// - Throws: `HTTPParseError` (413) when the body exceeds `limits.maxBodyBytes`, (400)
    ///   for invalid chunked coding; `LabKitError` when the connection ends early or times out.
    mutating func readBody(
        _ framing: HTTPBodyFraming,
        limits: BodyLimits,
        deadline: ContinuousClock.Instant?
    ) async throws -> [UInt8] {
        switch framing {
        case .none:
            return []
        case .length(let count):
            guard count <= limits.maxBodyBytes else { throw Self.tooLarge(limits) }
            var body: [UInt8] = []
            try await read(count, appendingTo: &body, deadline: deadline)
            return body
        case .chunked:
            return try await readChunkedBody(limits: limits, deadline: deadline)
        case .untilClose:
            return try await readToEnd(maxBytes: limits.maxBodyBytes, deadline: deadline)
        }
    }

    static func tooLarge(_ limits: BodyLimits) -> HTTPParseError {
        HTTPParseError(.contentTooLarge, "the body is larger than the limit of \(limits.maxBodyBytes) bytes")
    }

    /// Removes the chunked coding: chunks until the last (zero-size) one, then the trailer
    /// section, whose fields are validated and discarded (RFC 9112 §7.1, §7.1.2).
    private mutating func readChunkedBody(
        limits: BodyLimits,
        deadline: ContinuousClock.Instant?
    ) async throws -> [UInt8] {
        var body: [UInt8] = []
        var extensionBytes = 0
        while true {
            let sizeLine = try await readLine(
                maxLength: ChunkedCoding.maxSizeLineLength,
                tooLong: .badRequest("a chunk-size line is longer than \(ChunkedCoding.maxSizeLineLength) bytes"),
                deadline: deadline
            )
            let (size, extensionLength) = try ChunkedCoding.parseSize(sizeLine)
            // Extensions are read and discarded, so without a total limit a sender could make the
            // reader process about 4096 bytes per byte of body (RFC 9112 §7.1.1).
            extensionBytes += extensionLength
            guard extensionBytes <= ChunkedCoding.maxExtensionBytes else {
                throw HTTPParseError.badRequest(
                    "the chunk extensions total more than \(ChunkedCoding.maxExtensionBytes) bytes")
            }
            if size == 0 { break }
            guard size <= limits.maxBodyBytes - body.count else { throw Self.tooLarge(limits) }
            try await read(size, appendingTo: &body, deadline: deadline)
            let end = try await readLine(
                maxLength: 0,
                tooLong: .badRequest("chunk data is longer than its chunk size"),
                deadline: deadline
            )
            guard end.isEmpty else { throw HTTPParseError.badRequest("chunk data is not followed by CRLF") }
        }
        try await skipTrailerSection(limits: limits.trailer, deadline: deadline)
        return body
    }

    private mutating func skipTrailerSection(limits: HeadLimits, deadline: ContinuousClock.Instant?) async throws {
        var lines: [[UInt8]] = []
        var size = 0
        while true {
            let tooLarge = HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "the trailer section is larger than \(limits.maxHeaderBytes) bytes"
            )
            let line = try await readLine(
                maxLength: limits.maxHeaderBytes - size, tooLong: tooLarge, deadline: deadline)
            if line.isEmpty { break }
            size += line.count + 2
            lines.append(line)
            guard lines.count <= limits.maxHeaderCount, size <= limits.maxHeaderBytes else { throw tooLarge }
        }
        _ = try HTTPFieldParser.parse(lines)
    }
}

/// The chunk-size line of the chunked transfer coding (RFC 9112 §7.1).
enum ChunkedCoding {
    /// The maximum length of a chunk-size line in bytes, extensions included.
    static let maxSizeLineLength = 4096
    /// The maximum total length in bytes of the chunk extensions of one body.
    static let maxExtensionBytes = 16 * 1024

    /// Parses `chunk-size [ chunk-ext ]`: one to sixteen hex digits, then optionally
    /// whitespace and `;`-separated extensions, which are tolerated and ignored.
    ///
    /// - Returns: The chunk size, and the length in bytes of what follows the digits.
    /// - Throws: `HTTPParseError` (400) for a missing or non-hex size (`-1`, `0x10`, `+5`),
    ///   more than sixteen digits, or an extension with a control character.
    static func parseSize(_ line: [UInt8]) throws -> (size: Int, extensionLength: Int) {
        let digits = line.prefix { $0.isHexDigit }
        guard !digits.isEmpty, digits.count <= 16,
            let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
        else {
            throw HTTPParseError.badRequest("a chunk size is not a hexadecimal number of 1 to 16 digits")
        }
        try validateExtensions(line[digits.count...])
        return (size, line.count - digits.count)
    }

    private static func validateExtensions(_ rest: ArraySlice<UInt8>) throws {
        if rest.isEmpty { return }
        let extensions = rest.drop { HTTPSyntax.isWhitespace($0) }
        guard extensions.first == UInt8(ascii: ";"), extensions.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw HTTPParseError.badRequest("a chunk size is followed by something other than a chunk extension")
        }
    }
}

extension UInt8 {
    /// Whether this byte is an ASCII hexadecimal digit.
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
