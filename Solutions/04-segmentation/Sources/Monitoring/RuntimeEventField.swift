import Foundation

/// A field that conditions and outputs can name, such as `proc.name`, with the kind of value it has.
///
/// The names and meanings follow Falco's syscall fields (`falco --list=syscall`); this lab keeps the
/// subset its events carry. ``RuntimeEvent/value(of:)`` extracts a field from an event.
public struct RuntimeEventField: Hashable, Sendable, CustomStringConvertible {
    /// The kind of value a field has, which decides the operators and values a condition may use.
    public enum Kind: String, Sendable {
        /// Text, compared byte for byte.
        case text
        /// A whole number, such as a port or a process id.
        case number
        /// `true` or `false`.
        case boolean
    }

    /// The name as conditions and outputs spell it.
    public let name: String
    /// The kind of value.
    public let kind: Kind
    /// A description of the field's content, for help texts.
    public let summary: String

    init(_ name: String, _ kind: Kind, _ summary: String) {
        self.name = name
        self.kind = kind
        self.summary = summary
    }

    public var description: String { name }

    /// Every field this lab supports, in the order of Falco's field classes.
    public static let all: [RuntimeEventField] = [
        RuntimeEventField("evt.type", .text, "the system call, such as execve, openat or connect"),
        RuntimeEventField("evt.time", .text, "when the event happened, ISO 8601 in UTC with milliseconds"),
        RuntimeEventField("evt.is_open_read", .boolean, "for open events, whether the file was opened for reading"),
        RuntimeEventField("evt.is_open_write", .boolean, "for open events, whether the file was opened for writing"),
        RuntimeEventField("proc.name", .text, "the process name, such as bash"),
        RuntimeEventField("proc.exe", .text, "the first command-line argument, usually the program path"),
        RuntimeEventField("proc.args", .text, "the arguments after the program, separated by spaces"),
        RuntimeEventField("proc.cmdline", .text, "the process name and its arguments"),
        RuntimeEventField("proc.pid", .number, "the process id"),
        RuntimeEventField("proc.pname", .text, "the parent process name"),
        RuntimeEventField("proc.ppid", .number, "the parent process id"),
        RuntimeEventField("user.name", .text, "the effective user's name"),
        RuntimeEventField("user.uid", .number, "the effective user id"),
        RuntimeEventField("fd.name", .text, "the file path, or client:port->server:port for a connection"),
        RuntimeEventField("fd.directory", .text, "the directory of the file path"),
        RuntimeEventField("fd.filename", .text, "the last component of the file path"),
        RuntimeEventField("fd.l4proto", .text, "the transport of a connection, tcp or udp"),
        RuntimeEventField("fd.cip", .text, "the client (local) address of a connection"),
        RuntimeEventField("fd.cport", .number, "the client (local) port of a connection"),
        RuntimeEventField("fd.sip", .text, "the server (remote) address of a connection"),
        RuntimeEventField("fd.sport", .number, "the server (remote) port of a connection"),
        RuntimeEventField("container.id", .text, "the container id, or host for a process outside containers"),
        RuntimeEventField("container.name", .text, "the container name, or host"),
        RuntimeEventField("container.image", .text, "the container image reference"),
        RuntimeEventField("container.image.repository", .text, "the image reference without tag or digest"),
        RuntimeEventField("k8s.ns.name", .text, "the Kubernetes namespace of the pod"),
        RuntimeEventField("k8s.pod.name", .text, "the Kubernetes pod name"),
    ]

    private static let byName: [String: RuntimeEventField] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Returns the field with this exact name, or `nil` when there is none.
    public static func named(_ name: String) -> RuntimeEventField? {
        byName[name]
    }
}

/// The value of a field in one event.
public enum RuntimeEventValue: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case number(Int64)
    case boolean(Bool)

    /// The value as an output shows it: text as is, numbers in decimal, `true` or `false`.
    public var description: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        }
    }
}

// MARK: - Extraction

extension RuntimeEvent {
    /// The value of `container.id` and `container.name` for a process outside any container, as in Falco.
    public static let hostContainerID = "host"

    /// Extracts a field from the event, or returns `nil` when the event does not have it.
    ///
    /// An event lacks the `fd.*` fields unless it is an open or connect event, the open flags unless
    /// it is an open event, the image fields on the host, and the `k8s.*` fields outside a pod. Falco
    /// behaves the same way: a check on a missing field is false, and an output shows it as `<NA>`.
    public func value(of field: RuntimeEventField) -> RuntimeEventValue? {
        switch field.name {
        case "evt.type": .text(type.rawValue)
        case "evt.time": .text(Self.formatTime(time))
        case "evt.is_open_read": file.map { .boolean($0.isOpenForReading) }
        case "evt.is_open_write": file.map { .boolean($0.isOpenForWriting) }
        case "user.name": .text(process.userName)
        case "user.uid": .number(process.userID)
        case let name where name.hasPrefix("proc."): processValue(of: name)
        case let name where name.hasPrefix("fd."): descriptorValue(of: name)
        default: containerValue(of: field.name)
        }
    }

    private func processValue(of name: String) -> RuntimeEventValue? {
        switch name {
        case "proc.name": .text(process.name)
        case "proc.exe": .text(process.executable)
        case "proc.args": .text(process.arguments.joined(separator: " "))
        case "proc.cmdline": .text(process.commandLine)
        case "proc.pid": .number(process.pid)
        case "proc.pname": .text(process.parentName)
        case "proc.ppid": .number(process.parentPID)
        default: nil
        }
    }

    private func descriptorValue(of name: String) -> RuntimeEventValue? {
        if let file {
            return switch name {
            case "fd.name": .text(file.path)
            case "fd.directory": .text(Self.directory(of: file.path))
            case "fd.filename": .text(String(file.path.split(separator: "/").last ?? ""))
            default: nil
            }
        }
        guard let connection else { return nil }
        return switch name {
        case "fd.name": .text(connection.tupleDescription)
        case "fd.l4proto": .text(connection.transport)
        case "fd.cip": .text(connection.clientIP)
        case "fd.cport": .number(connection.clientPort)
        case "fd.sip": .text(connection.serverIP)
        case "fd.sport": .number(connection.serverPort)
        default: nil
        }
    }

    private func containerValue(of name: String) -> RuntimeEventValue? {
        switch name {
        case "container.id": .text(container?.id ?? Self.hostContainerID)
        case "container.name": .text(container?.name ?? Self.hostContainerID)
        case "container.image": container.map { .text($0.image) }
        case "container.image.repository": container.map { .text($0.imageRepository) }
        case "k8s.ns.name": container?.namespaceName.map { .text($0) }
        case "k8s.pod.name": container?.podName.map { .text($0) }
        default: nil
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // NOTE: Falco prints `evt.time` as the local time of day with nanoseconds; ISO 8601 in UTC keeps
    // alerts the same on every machine.
    static func formatTime(_ time: Date) -> String {
        time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
