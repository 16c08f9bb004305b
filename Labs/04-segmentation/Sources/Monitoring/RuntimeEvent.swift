public import Foundation

/// One system activity that a runtime sensor observed: a process started, a file opened, or an
/// outbound connection.
///
/// Falco reads such events from the kernel (system calls captured by a driver or eBPF probe) and
/// enriches them with the container and Kubernetes metadata of the process. In this lab the events
/// are given, built in tests or replayed from JSON lines (``RuntimeEventDecoder``), so each event
/// carries its enrichment as plain values.
public struct RuntimeEvent: Sendable, Equatable, Codable {
    /// When the system call completed.
    public var time: Date
    /// The system call, as Falco names it in `evt.type`: ``RuntimeEventType/execve`` for a process
    /// start, ``RuntimeEventType/openat`` for a file open, ``RuntimeEventType/connect`` for an
    /// outbound connection.
    public var type: RuntimeEventType
    /// The process that made the system call (for `execve`, the new program).
    public var process: RuntimeEventProcess
    /// The file opened, for `open`, `openat` and `openat2` events.
    public var file: RuntimeEventFile?
    /// The connection, for `connect` events.
    public var connection: RuntimeEventConnection?
    /// The container the process runs in, or `nil` for a process on the host.
    public var container: RuntimeEventContainer?

    public init(
        time: Date,
        type: RuntimeEventType,
        process: RuntimeEventProcess,
        file: RuntimeEventFile? = nil,
        connection: RuntimeEventConnection? = nil,
        container: RuntimeEventContainer? = nil
    ) {
        self.time = time
        self.type = type
        self.process = process
        self.file = file
        self.connection = connection
        self.container = container
    }
}

/// The name of a system call, the value of Falco's `evt.type` field.
public struct RuntimeEventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ name: String) {
        self.rawValue = name
    }

    public var description: String { rawValue }

    /// A program was executed (`execve(2)`): the event of a process start.
    public static let execve = RuntimeEventType("execve")
    /// A program was executed relative to a directory descriptor (`execveat(2)`).
    public static let execveat = RuntimeEventType("execveat")
    /// A file was opened (`open(2)`).
    public static let open = RuntimeEventType("open")
    /// A file was opened relative to a directory descriptor (`openat(2)`), what most C libraries call.
    public static let openat = RuntimeEventType("openat")
    /// A file was opened with extended flags (`openat2(2)`).
    public static let openat2 = RuntimeEventType("openat2")
    /// A socket connected to a remote address (`connect(2)`).
    public static let connect = RuntimeEventType("connect")

    /// Whether this is one of the file-open system calls, whose events carry a ``RuntimeEventFile``.
    public var isOpen: Bool {
        self == .open || self == .openat || self == .openat2
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The process of an event, with its parent and user.
public struct RuntimeEventProcess: Sendable, Equatable, Codable {
    /// The program name, at most what the kernel keeps (`proc.name`), such as `bash`.
    public var name: String
    /// The first command-line argument, usually the path of the program (`proc.exe`), such as `/bin/bash`.
    public var executable: String
    /// The command-line arguments after the program (`proc.args`).
    public var arguments: [String]
    /// The process id (`proc.pid`).
    public var pid: Int64
    /// The parent process's name (`proc.pname`), such as `containerd-shim`.
    public var parentName: String
    /// The parent process id (`proc.ppid`).
    public var parentPID: Int64
    /// The name of the effective user (`user.name`).
    public var userName: String
    /// The effective user id (`user.uid`).
    public var userID: Int64

    public init(
        name: String,
        executable: String? = nil,
        arguments: [String] = [],
        pid: Int64,
        parentName: String,
        parentPID: Int64,
        userName: String = "root",
        userID: Int64 = 0
    ) {
        self.name = name
        self.executable = executable ?? name
        self.arguments = arguments
        self.pid = pid
        self.parentName = parentName
        self.parentPID = parentPID
        self.userName = userName
        self.userID = userID
    }

    /// The command line as Falco's `proc.cmdline` shows it: the name, then the arguments, separated
    /// by spaces.
    public var commandLine: String {
        ([name] + arguments).joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case name
        case executable = "exe"
        case arguments = "args"
        case pid
        case parentName = "parent"
        case parentPID = "ppid"
        case userName = "user"
        case userID = "uid"
    }
}

/// The file of an open event: its path and the flags it was opened with.
public struct RuntimeEventFile: Sendable, Equatable, Codable {
    /// The absolute path (`fd.name`).
    public var path: String
    /// The flags of the open call, as `open(2)` names them, such as `["O_WRONLY", "O_CREAT"]`; an
    /// empty list means `O_RDONLY`.
    public var flags: [String]

    public init(path: String, flags: [String] = []) {
        self.path = path
        self.flags = flags
    }

    /// Whether the file was opened for writing (`O_WRONLY` or `O_RDWR`), Falco's `evt.is_open_write`.
    public var isOpenForWriting: Bool {
        flags.contains("O_WRONLY") || flags.contains("O_RDWR")
    }

    /// Whether the file was opened for reading (`O_RDWR`, or no write flag at all, which is
    /// `O_RDONLY`), Falco's `evt.is_open_read`.
    public var isOpenForReading: Bool {
        flags.contains("O_RDWR") || !isOpenForWriting
    }

    /// The flag names this model accepts, from `open(2)`.
    public static let knownFlags: Set<String> = [
        "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "O_CLOEXEC",
        "O_NONBLOCK", "O_DIRECTORY", "O_NOFOLLOW", "O_TMPFILE", "O_SYNC", "O_DSYNC", "O_NOATIME",
    ]
}

/// The two ends of an outbound connection.
public struct RuntimeEventConnection: Sendable, Equatable, Codable {
    /// The transport, `tcp` or `udp` (`fd.l4proto`).
    public var transport: String
    /// The local address the connection comes from (`fd.cip`).
    public var clientIP: String
    /// The local port (`fd.cport`).
    public var clientPort: Int64
    /// The remote address connected to (`fd.sip`).
    public var serverIP: String
    /// The remote port (`fd.sport`).
    public var serverPort: Int64

    public init(transport: String = "tcp", clientIP: String, clientPort: Int64, serverIP: String, serverPort: Int64) {
        self.transport = transport
        self.clientIP = clientIP
        self.clientPort = clientPort
        self.serverIP = serverIP
        self.serverPort = serverPort
    }

    /// The connection as Falco's `fd.name` shows a socket: `client:port->server:port`.
    public var tupleDescription: String {
        "\(clientIP):\(clientPort)->\(serverIP):\(serverPort)"
    }

    enum CodingKeys: String, CodingKey {
        case transport = "proto"
        case clientIP = "cip"
        case clientPort = "cport"
        case serverIP = "sip"
        case serverPort = "sport"
    }
}

/// The container of a process, with the Kubernetes pod it belongs to, if any.
public struct RuntimeEventContainer: Sendable, Equatable, Codable {
    /// The short container id, 12 hexadecimal digits (`container.id`).
    public var id: String
    /// The container's name (`container.name`).
    public var name: String
    /// The image reference, such as `registry.example/shop/web:1.4` (`container.image`).
    public var image: String
    /// The pod's name (`k8s.pod.name`), or `nil` outside Kubernetes.
    public var podName: String?
    /// The pod's namespace (`k8s.ns.name`), or `nil` outside Kubernetes.
    public var namespaceName: String?

    public init(id: String, name: String, image: String, podName: String? = nil, namespaceName: String? = nil) {
        self.id = id
        self.name = name
        self.image = image
        self.podName = podName
        self.namespaceName = namespaceName
    }

    /// The image reference without its tag or digest (`container.image.repository`).
    public var imageRepository: String {
        var reference = Substring(image)
        if let at = reference.firstIndex(of: "@") {
            reference = reference[..<at]
        }
        // A colon after the last slash starts the tag; one before it belongs to a registry port.
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        if let colon = reference[lastSlash...].lastIndex(of: ":") {
            reference = reference[..<colon]
        }
        return String(reference)
    }

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case image
        case podName = "pod"
        case namespaceName = "namespace"
    }
}
