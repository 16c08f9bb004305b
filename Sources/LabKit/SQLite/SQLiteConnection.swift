import CSQLite

/// An open SQLite connection, used from one task at a time.
///
/// Most code uses ``SQLiteDatabase``, which shares one connection safely between tasks
/// and hands it to a closure. The connection closes when the last reference goes.
///
/// Related SQLite documentation: <https://www.sqlite.org/c3ref/sqlite3.html>
public final class SQLiteConnection {
    let handle: OpaquePointer
    /// The path the connection was opened with, or `:memory:`.
    public let path: String

    init(path: String, readOnly: Bool) throws {
        var connection: OpaquePointer?
        let flags =
            readOnly
            ? SQLITE_OPEN_READONLY
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let status = sqlite3_open_v2(path, &connection, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let connection else {
            let error = SQLiteError(connection: connection, resultCode: status)
            sqlite3_close_v2(connection)
            throw SQLiteError(
                code: error.code,
                extendedCode: error.extendedCode,
                message: "cannot open the database at \(path): \(error.message)"
            )
        }
        sqlite3_extended_result_codes(connection, 1)
        self.handle = connection
        self.path = path
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Compiles one SQL statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: handle, sql: sql)
    }

    /// Runs a script of one or more statements separated by `;`, with no parameters.
    ///
    /// Use this for schema scripts only. A script built from input is exactly how
    /// injected SQL runs a second statement (`'; DROP TABLE users; --`).
    public func execute(_ script: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, script, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw SQLiteError(
                code: .init(rawValue: status), extendedCode: sqlite3_extended_errcode(handle), message: text,
                sql: script)
        }
    }

    /// Runs one statement with bound values and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return changes
    }

    /// Runs one query with bound values and returns every row.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepare(sql)
        try statement.bind(values)
        return try statement.rows()
    }

    /// Runs `body` inside a transaction, committing when it returns and rolling back when
    /// it throws.
    ///
    /// - Parameter kind: `.immediate` takes the write lock at once, so that two writers
    ///   cannot both read and then fail to upgrade; use it for read-modify-write.
    public func transaction<Result>(
        _ kind: SQLiteTransactionKind = .deferred,
        _ body: (SQLiteConnection) throws -> Result
    ) throws -> Result {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body(self)
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            // The rollback's own failure is ignored: the original error is the one to report,
            // and SQLite rolls back on its own when a commit fails.
            try? execute("ROLLBACK TRANSACTION")
            throw error
        }
    }

    /// The number of rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int {
        Int(sqlite3_changes(handle))
    }

    /// The row id of the most recent successful INSERT.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// Sets how long a statement waits for another connection's lock before failing with
    /// `SQLITE_BUSY`.
    public func setBusyTimeout(_ timeout: Duration) throws {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let status = sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        guard status == SQLITE_OK else { throw SQLiteError(connection: handle, resultCode: status) }
    }

    /// Switches the database to write-ahead logging, so that readers do not block the
    /// writer.
    ///
    /// The setting is stored in the database file.
    public func enableWriteAheadLog() throws {
        let mode = try query("PRAGMA journal_mode=WAL").first?[0].text?.lowercased()
        // An in-memory database keeps the "memory" journal mode; WAL needs a file.
        guard mode == "wal" || path == ":memory:" else {
            throw SQLiteError(
                code: .SQLITE_ERROR,
                message: "the database at \(path) could not switch to WAL (journal mode is \(mode ?? "unknown"))")
        }
    }
}

/// When a transaction takes its locks.
///
/// Related SQLite documentation: <https://www.sqlite.org/lang_transaction.html>
public enum SQLiteTransactionKind: String, Sendable {
    /// Locks are taken by the first read or write.
    case deferred = "DEFERRED"
    /// The write lock is taken at once.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same as immediate.
    case exclusive = "EXCLUSIVE"
}
