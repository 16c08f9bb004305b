/// Size limits for the head of a message: its start line and its header section.
struct HeadLimits: Sendable {
    /// The maximum length of the start line (request line or status line) in bytes, without CRLF.
    var maxStartLineLength: Int
    /// The maximum number of header fields.
    var maxHeaderCount: Int
    /// The maximum size of the header section in bytes, from after the start line to the empty line.
    var maxHeaderBytes: Int
}

/// A read buffer over an ``AsyncSocket`` that splits the byte stream into the parts of
/// HTTP/1.1 messages: heads, lines, fixed-length runs, and the rest until end of file.
///
/// Lines end with CRLF only. A bare LF is rejected rather than accepted as a line end,
/// because parsers that disagree on line ends disagree on where a message ends, which is
/// how request smuggling starts (RFC 9112 §2.2). Bytes after a complete message stay
/// buffered for the next one, which is what makes pipelining work.
struct MessageReader {
    let socket: AsyncSocket
    private var bytes: [UInt8] = []
    private var readIndex = 0
    /// Every byte received so far, consumed or not.
    private(set) var receivedByteCount = 0

    init(socket: AsyncSocket) {
        self.socket = socket
    }

    /// The number of received bytes not yet consumed.
    var bufferedCount: Int { bytes.count - readIndex }

    /// Reads more bytes into the buffer; returns `false` at end of file.
    mutating func fill(deadline: ContinuousClock.Instant?) async throws -> Bool {
        let count = try await socket.read(appendingTo: &bytes, deadline: deadline)
        receivedByteCount += count
        return count > 0
    }

    private mutating func consume(_ count: Int) {
        readIndex += count
        if readIndex == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 64 * 1024 {
            bytes.removeFirst(readIndex)
            readIndex = 0
        }
    }

    private func truncated(_ part: String) -> LabKitError {
        LabKitError(.connectionClosed, "\(socket.peer) closed the connection in the middle of \(part)")
    }

    // MARK: - Heads

    /// Reads a message head: the start line and the header field lines, without their CRLFs.
    ///
    /// Empty lines before the start line are skipped (RFC 9112 §2.2).
    /// - Returns: The lines, or `nil` when the peer closed the connection before sending a byte.
    /// - Throws: `HTTPParseError` for a bare LF (400), a start line over the limit (414), or
    ///   too many or too large header fields (431). `LabKitError` with `.connectionClosed`
    ///   when the connection ends inside the head, or another I/O error.
    mutating func readHead(limits: HeadLimits, deadline: ContinuousClock.Instant?) async throws -> [[UInt8]]? {
        var scanner = HeadScanner(start: readIndex, limits: limits)
        while true {
            if let end = try scanner.scan(bytes) {
                let lines = scanner.lines.map { Array(bytes[$0]) }
                consume(end - readIndex)
                return lines
            }
            guard try await fill(deadline: deadline) else {
                if bufferedCount == 0 { return nil }
                throw truncated("a message head")
            }
        }
    }

    // MARK: - Bodies

    /// Reads one CRLF-terminated line, such as a chunk-size line, without its CRLF.
    ///
    /// - Throws: `tooLong` when no line end arrives within `maxLength` bytes, and
    ///   `HTTPParseError` (400) for a bare LF.
    mutating func readLine(
        maxLength: Int,
        tooLong: HTTPParseError,
        deadline: ContinuousClock.Instant?
    ) async throws -> [UInt8] {
        var searched = readIndex
        while true {
            if let lineFeed = bytes[searched...].firstIndex(of: HTTPSyntax.lineFeed) {
                guard lineFeed > readIndex, bytes[lineFeed - 1] == HTTPSyntax.carriageReturn else {
                    throw HTTPParseError.badRequest("a line ends with a bare LF instead of CRLF")
                }
                let line = Array(bytes[readIndex..<(lineFeed - 1)])
                // A line that arrived whole in one read is held to the same limit as one that trickles in.
                guard line.count <= maxLength else { throw tooLong }
                consume(lineFeed + 1 - readIndex)
                return line
            }
            guard bufferedCount <= maxLength + 1 else { throw tooLong }
            searched = bytes.count
            guard try await fill(deadline: deadline) else { throw truncated("a message body") }
        }
    }

    /// Reads exactly `count` bytes and appends them to `body`.
    mutating func read(
        _ count: Int,
        appendingTo body: inout [UInt8],
        deadline: ContinuousClock.Instant?
    ) async throws {
        while bufferedCount < count {
            guard try await fill(deadline: deadline) else { throw truncated("a message body") }
        }
        body.append(contentsOf: bytes[readIndex..<(readIndex + count)])
        consume(count)
    }

    /// Reads everything until the peer closes the connection (RFC 9112 §6.3, rule 8).
    ///
    /// - Throws: `HTTPParseError` (413) when more than `maxBytes` arrive.
    mutating func readToEnd(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        while bufferedCount <= maxBytes {
            guard try await fill(deadline: deadline) else {
                let rest = Array(bytes[readIndex...])
                consume(bufferedCount)
                return rest
            }
        }
        throw HTTPParseError(.contentTooLarge, "the body is larger than the limit of \(maxBytes) bytes")
    }
}

/// Finds the lines of a message head in a growing buffer, keeping its place between reads.
private struct HeadScanner {
    let limits: HeadLimits
    /// The content ranges of the start line and the field lines, without CRLF.
    private(set) var lines: [Range<Int>] = []
    private var lineStart: Int
    private var position: Int
    private var headerSectionStart: Int?
    private var skippedEmptyLines = 0

    init(start: Int, limits: HeadLimits) {
        self.limits = limits
        lineStart = start
        position = start
    }

    /// Scans the bytes received since the last call.
    /// - Returns: The index just past the empty line that ends the head, or `nil` when more
    ///   bytes are needed.
    mutating func scan(_ bytes: [UInt8]) throws -> Int? {
        while position < bytes.count {
            defer { position += 1 }
            guard bytes[position] == HTTPSyntax.lineFeed else { continue }
            guard position > lineStart, bytes[position - 1] == HTTPSyntax.carriageReturn else {
                throw HTTPParseError.badRequest("a line of the message head ends with a bare LF instead of CRLF")
            }
            if try endLine(at: position) {
                return position + 1
            }
        }
        try checkPartialLine(length: position - lineStart)
        return nil
    }

    /// Records the line whose LF is at `lineFeed`; returns whether it ends the head.
    private mutating func endLine(at lineFeed: Int) throws -> Bool {
        let line = lineStart..<(lineFeed - 1)
        lineStart = lineFeed + 1
        if line.isEmpty && lines.isEmpty {
            skippedEmptyLines += 1
            guard skippedEmptyLines <= 8 else {
                throw HTTPParseError.badRequest("too many empty lines before the start line")
            }
            return false
        }
        if line.isEmpty {
            return true
        }
        lines.append(line)
        if lines.count == 1 {
            try checkStartLine(length: line.count)
            headerSectionStart = lineStart
        } else {
            try checkHeaderSection(fieldCount: lines.count - 1, end: lineStart)
        }
        return false
    }

    private func checkPartialLine(length: Int) throws {
        if lines.isEmpty {
            try checkStartLine(length: length - 1)
        } else {
            try checkHeaderSection(fieldCount: lines.count - 1, end: position)
        }
    }

    private func checkStartLine(length: Int) throws {
        guard length <= limits.maxStartLineLength else {
            throw HTTPParseError(.uriTooLong, "the start line is longer than \(limits.maxStartLineLength) bytes")
        }
    }

    private func checkHeaderSection(fieldCount: Int, end: Int) throws {
        guard fieldCount <= limits.maxHeaderCount else {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "the message has more than \(limits.maxHeaderCount) header fields"
            )
        }
        if let headerSectionStart, end - headerSectionStart > limits.maxHeaderBytes {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "the header section is larger than \(limits.maxHeaderBytes) bytes"
            )
        }
    }
}
