/// An error raised by LabKit's plumbing or by a lab scaffold.
///
/// Compare errors by ``code``: the message is for people and may change wording.
///
/// ```swift
/// #expect(throws: LabKitError.self) { try decode(input) }
/// ```
public struct LabKitError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added without breaking
    /// code that switches over the existing ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// A scaffold function that the student has not written yet.
        public static let notImplemented = Code("notImplemented")
        /// An argument or configuration value outside what the function accepts.
        public static let invalidArgument = Code("invalidArgument")
        /// A system call on a socket failed.
        public static let socket = Code("socket")
        /// A connect found nothing listening at the address, or no route to it.
        public static let connectionRefused = Code("connectionRefused")
        /// The peer closed the connection before a complete message arrived.
        public static let connectionClosed = Code("connectionClosed")
        /// A connect or read did not complete within its timeout.
        public static let timedOut = Code("timedOut")
        /// The peer sent bytes that are not a valid HTTP/1.1 message.
        public static let invalidHTTPMessage = Code("invalidHTTPMessage")
        /// A message exceeded a configured size limit.
        public static let limitExceeded = Code("limitExceeded")
        /// An operation was attempted on a server or client that has stopped.
        public static let stopped = Code("stopped")
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for people: what failed, on which value, and what to do next.
    public var message: String
    /// The underlying error, when this one wraps another.
    public var cause: (any Error & Sendable)?
    /// Where the error was raised.
    public var fileID: String
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.fileID = fileID
        self.line = line
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message) (cause: \(cause))"
    }
}

// MARK: - Scaffold support

extension LabKitError {
    /// Creates the error a scaffold throws from a function the student has not written.
    ///
    /// The message names the function, the task and the handout part, so that a failing
    /// test tells the student where to start:
    ///
    /// ```swift
    /// func match(_ request: HTTPRequest) throws -> Route? {
    ///     // TODO: Part 1 — look up the route for the request's method and path.
    ///     throw LabKitError.notImplemented("look up the route for a request", part: 1)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - task: What the student builds, as a short imperative phrase.
    ///   - part: The handout part that teaches and tests this function.
    ///   - function: The function's name; the compiler fills it in.
    ///   - type: The type that declares the function, when it is not obvious from the file.
    public static func notImplemented(
        _ task: String,
        part: Int,
        in type: String? = nil,
        function: String = #function,
        fileID: String = #fileID,
        line: Int = #line
    ) -> LabKitError {
        let owner = type.map { "\($0)." } ?? ""
        return LabKitError(
            .notImplemented,
            "\(owner)\(function) is not implemented yet: \(task) (handout part \(part), \(fileID):\(line))",
            fileID: fileID,
            line: line
        )
    }
}
