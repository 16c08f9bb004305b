import CSQLite

/// An error reported by SQLite, with SQLite's own result code and message.
///
/// Compare errors by ``code``, which keeps SQLite's C names:
///
/// ```swift
/// #expect { try db.run(insert) } throws: { ($0 as? SQLiteError)?.code == .SQLITE_CONSTRAINT }
/// ```
///
/// Related SQLite documentation: <https://www.sqlite.org/rescode.html>
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// A primary SQLite result code (the low 8 bits of an extended code).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue & 0xFF
        }

        public var description: String {
            String(cString: sqlite3_errstr(rawValue))
        }

        public static let SQLITE_ERROR = Code(rawValue: CSQLite.SQLITE_ERROR)
        public static let SQLITE_BUSY = Code(rawValue: CSQLite.SQLITE_BUSY)
        public static let SQLITE_LOCKED = Code(rawValue: CSQLite.SQLITE_LOCKED)
        public static let SQLITE_READONLY = Code(rawValue: CSQLite.SQLITE_READONLY)
        public static let SQLITE_IOERR = Code(rawValue: CSQLite.SQLITE_IOERR)
        public static let SQLITE_CORRUPT = Code(rawValue: CSQLite.SQLITE_CORRUPT)
        public static let SQLITE_CANTOPEN = Code(rawValue: CSQLite.SQLITE_CANTOPEN)
        public static let SQLITE_CONSTRAINT = Code(rawValue: CSQLite.SQLITE_CONSTRAINT)
        public static let SQLITE_MISMATCH = Code(rawValue: CSQLite.SQLITE_MISMATCH)
        public static let SQLITE_MISUSE = Code(rawValue: CSQLite.SQLITE_MISUSE)
        public static let SQLITE_RANGE = Code(rawValue: CSQLite.SQLITE_RANGE)
        public static let SQLITE_NOTADB = Code(rawValue: CSQLite.SQLITE_NOTADB)
    }

    /// The primary result code.
    public var code: Code
    /// The extended result code, such as `SQLITE_CONSTRAINT_UNIQUE` (2067).
    public var extendedCode: Int32
    /// SQLite's message, from `sqlite3_errmsg`, or the kit's own for errors it detects.
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?

    public init(code: Code, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code.rawValue
        self.message = message
        self.sql = sql
    }

    /// Reads the error of the last failed call on a connection.
    init(connection: OpaquePointer?, resultCode: Int32, sql: String? = nil) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? resultCode
        let message =
            connection.map { String(cString: sqlite3_errmsg($0)) }
            ?? String(cString: sqlite3_errstr(resultCode))
        self.init(code: Code(rawValue: resultCode), extendedCode: extended, message: message, sql: sql)
    }

    public var description: String {
        let name = SQLiteError.cName(of: code)
        guard let sql else { return "SQLite error \(name): \(message)" }
        return "SQLite error \(name): \(message) — in: \(sql)"
    }

    private static func cName(of code: Code) -> String {
        let names: [Code: String] = [
            .SQLITE_ERROR: "SQLITE_ERROR", .SQLITE_BUSY: "SQLITE_BUSY",
            .SQLITE_LOCKED: "SQLITE_LOCKED", .SQLITE_READONLY: "SQLITE_READONLY",
            .SQLITE_IOERR: "SQLITE_IOERR", .SQLITE_CORRUPT: "SQLITE_CORRUPT",
            .SQLITE_CANTOPEN: "SQLITE_CANTOPEN", .SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT",
            .SQLITE_MISMATCH: "SQLITE_MISMATCH", .SQLITE_MISUSE: "SQLITE_MISUSE",
            .SQLITE_RANGE: "SQLITE_RANGE", .SQLITE_NOTADB: "SQLITE_NOTADB",
        ]
        return names[code] ?? "(\(code.rawValue))"
    }
}
