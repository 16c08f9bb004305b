/// An error raised by the grader, with an opaque code to compare on and a message that
/// names the bad value and the fix.
public struct GradingError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The event stream file is missing or unreadable.
        public static let unreadableEventStream = Code("unreadableEventStream")
        /// `swift build` or `swift test` failed to compile the package.
        public static let buildFailed = Code("buildFailed")
        /// A child process could not start or ended abnormally.
        public static let processFailed = Code("processFailed")
        /// A named lab does not exist in this kit.
        public static let unknownLab = Code("unknownLab")
        /// The gradebook file is not one this labkit can use.
        public static let invalidGradebook = Code("invalidGradebook")
        /// A submission breaks an intake rule.
        public static let invalidSubmission = Code("invalidSubmission")
        /// The course configuration is missing a field or has an invalid value.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A value given to the grader is not usable, such as a folder that must be empty.
        public static let invalidArgument = Code("invalidArgument")
        /// The package description could not be read.
        public static let invalidPackage = Code("invalidPackage")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
