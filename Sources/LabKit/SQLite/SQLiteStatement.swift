import CSQLite
public import Foundation

/// A compiled SQL statement with positional parameters (`?`) or named ones (`:name`).
///
/// Values are bound, never spliced into the SQL text, so a value can never change what
/// the statement does: this is the defence against SQL injection. A statement belongs to
/// one ``SQLiteConnection`` and is used only inside that connection's scope.
///
/// Related SQLite documentation: <https://www.sqlite.org/c3ref/stmt.html>
public final class SQLiteStatement {
    let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The SQL text the statement was compiled from.
    public let sql: String

    init(connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sqlite3_prepare_v2(connection, sql, -1, &statement, &tail)
        guard status == SQLITE_OK, let statement else {
            throw SQLiteError(
                connection: connection, resultCode: status == SQLITE_OK ? SQLITE_MISUSE : status, sql: sql)
        }
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(statement)
            throw SQLiteError(
                code: .SQLITE_MISUSE,
                message:
                    "a prepared statement holds exactly one SQL statement, but more text follows it; use execute(_:) for scripts",
                sql: sql
            )
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of parameters the statement expects.
    public var parameterCount: Int {
        Int(sqlite3_bind_parameter_count(handle))
    }

    /// The names of the result columns.
    public var columnNames: [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    // MARK: - Binding

    /// Binds values to the parameters in order, after clearing earlier bindings.
    /// - Throws: ``SQLiteError`` with `SQLITE_RANGE` when the count does not match.
    public func bind(_ values: [SQLiteValue]) throws {
        guard values.count == parameterCount else {
            throw SQLiteError(
                code: .SQLITE_RANGE,
                message: "the statement has \(parameterCount) parameters but \(values.count) values were given",
                sql: sql
            )
        }
        try reset()
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds values to named parameters such as `:name`, `@name` or `$name`.
    public func bind(_ values: [String: SQLiteValue]) throws {
        try reset()
        sqlite3_clear_bindings(handle)
        for (name, value) in values {
            let index = sqlite3_bind_parameter_index(handle, name)
            guard index > 0 else {
                throw SQLiteError(
                    code: .SQLITE_RANGE, message: "the statement has no parameter named \(name)", sql: sql)
            }
            try bind(value, at: Int(index))
        }
    }

    /// Binds one value to the parameter at a 1-based index.
    public func bind(_ value: SQLiteValue, at index: Int) throws {
        let position = Int32(index)
        let status: Int32
        switch value {
        case .null:
            status = sqlite3_bind_null(handle, position)
        case .integer(let number):
            status = sqlite3_bind_int64(handle, position, number)
        case .real(let number):
            status = sqlite3_bind_double(handle, position, number)
        case .text(let string):
            status = sqlite3_bind_text(handle, position, string, -1, labkit_sqlite_transient())
        case .blob(let data):
            status = data.withUnsafeBytes { bytes in
                sqlite3_bind_blob64(handle, position, bytes.baseAddress, UInt64(bytes.count), labkit_sqlite_transient())
            }
        }
        try check(status)
    }

    // MARK: - Stepping

    /// Advances to the next row.
    /// - Returns: `true` when a row is available, `false` when the statement is done.
    public func step() throws -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(connection: connection, resultCode: status, sql: sql)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() throws {
        // sqlite3_reset repeats the error of the last step, which step() already threw.
        sqlite3_reset(handle)
    }

    /// Runs the statement to completion and returns every row.
    public func rows() throws -> [SQLiteRow] {
        let names = columnNames
        var rows: [SQLiteRow] = []
        while try step() {
            rows.append(SQLiteRow(columns: names, values: (0..<names.count).map(value(at:))))
        }
        return rows
    }

    // MARK: - Columns of the current row

    /// The value of a column of the current row, by 0-based index.
    public func value(at column: Int) -> SQLiteValue {
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            return .text(String(cString: sqlite3_column_text(handle, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default:
            return .null
        }
    }

    /// The current row's column as an integer, or `nil` when it is NULL.
    public func integer(at column: Int) -> Int64? {
        value(at: column).integer
    }

    /// The current row's column as a floating-point number, or `nil` when it is NULL.
    public func real(at column: Int) -> Double? {
        value(at: column).real
    }

    /// The current row's column as text, or `nil` when it is NULL.
    public func text(at column: Int) -> String? {
        value(at: column).text
    }

    /// The current row's column as bytes, or `nil` when it is NULL.
    public func blob(at column: Int) -> Data? {
        value(at: column).blob
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else {
            throw SQLiteError(connection: connection, resultCode: status, sql: sql)
        }
    }
}
