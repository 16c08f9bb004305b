import Synchronization

/// A SQLite database that any number of tasks may share.
///
/// One connection is guarded by a lock, and every call holds the lock for its whole
/// duration, so statements of different tasks never interleave. A ``transaction(_:_:)``
/// holds it from `BEGIN` to `COMMIT`.
///
/// ```swift
/// let db = try SQLiteDatabase(path: "grading/gradebook.sqlite")
/// try db.execute("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, text TEXT)")
/// try db.run("INSERT INTO notes(text) VALUES (?)", [.text(input)])
/// let rows = try db.query("SELECT text FROM notes WHERE id = ?", [.integer(7)])
/// ```
public final class SQLiteDatabase: Sendable {
    private let connection: Mutex<SQLiteConnection>
    /// The path the database was opened with, or `:memory:`.
    public let path: String

    /// Opens or creates a database file.
    /// - Parameters:
    ///   - path: A file path, or `:memory:` for a private in-memory database.
    ///   - readOnly: Opens without write access; the file must exist.
    ///   - busyTimeout: How long to wait for another process's lock before failing.
    /// - Throws: ``SQLiteError`` with `SQLITE_CANTOPEN` when the file cannot be opened.
    public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(5)) throws {
        let opened = try SQLiteConnection(path: path, readOnly: readOnly)
        try opened.setBusyTimeout(busyTimeout)
        connection = Mutex(opened)
        self.path = path
    }

    /// Opens a private in-memory database, gone when the object is.
    public static func inMemory() throws -> SQLiteDatabase {
        try SQLiteDatabase(path: ":memory:")
    }

    /// Runs `body` with exclusive use of the connection.
    public func withConnection<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try connection.withLock { connection in
            try body(connection)
        }
    }

    /// Runs a script of statements with no parameters (schema set-up).
    public func execute(_ script: String) throws {
        try withConnection { try $0.execute(script) }
    }

    /// Runs one statement with bound values; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        try withConnection { try $0.run(sql, values) }
    }

    /// Runs one query with bound values; returns every row.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try withConnection { try $0.query(sql, values) }
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it
    /// throws, holding the connection throughout.
    public func transaction<Result: Sendable>(
        _ kind: SQLiteTransactionKind = .deferred,
        _ body: (SQLiteConnection) throws -> Result
    ) throws -> Result {
        try withConnection { try $0.transaction(kind, body) }
    }

    /// Switches to write-ahead logging (see ``SQLiteConnection/enableWriteAheadLog()``).
    public func enableWriteAheadLog() throws {
        try withConnection { try $0.enableWriteAheadLog() }
    }
}
