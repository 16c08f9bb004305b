import Foundation
import LabKit
import Testing

@Suite("SQLite")
struct SQLiteTests {
    @Test("values round-trip through every storage class")
    func roundTrip() throws {
        let db = try SQLiteDatabase.inMemory()
        try db.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let blob = Data([0, 1, 2, 255])
        try db.run(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)", [.integer(-7), .real(2.5), .text("héllo ✓"), .blob(blob), .null])

        let row = try #require(try db.query("SELECT * FROM t").first)
        #expect(row["i"] == .integer(-7))
        #expect(row["r"] == .real(2.5))
        #expect(row["s"] == .text("héllo ✓"), "text must keep non-ASCII characters intact")
        #expect(row["b"] == .blob(blob), "blobs must keep embedded zero bytes")
        #expect(row["n"] == .null)
        #expect(row["I"] == .integer(-7), "column names compare case-insensitively, as in SQL")
    }

    @Test("bound values are never read as SQL")
    func injectionIsInert() throws {
        let db = try SQLiteDatabase.inMemory()
        try db.execute("CREATE TABLE users(name TEXT); INSERT INTO users VALUES ('alice'), ('bob');")
        let payloads = ["' OR '1'='1", "alice'; DROP TABLE users; --", "x' UNION SELECT name FROM users --"]
        for payload in payloads {
            let rows = try db.query("SELECT name FROM users WHERE name = ?", [.text(payload)])
            #expect(rows.isEmpty, "the payload \(payload) must match no row when bound as a value")
        }
        #expect(try db.query("SELECT count(*) FROM users").first?[0] == .integer(2), "the table must be unchanged")
    }

    @Test("prepared statement rejects trailing statements")
    func rejectsStackedStatements() throws {
        let db = try SQLiteDatabase.inMemory()
        try db.execute("CREATE TABLE t(x)")
        #expect {
            try db.query("SELECT * FROM t; DROP TABLE t")
        } throws: { error in
            (error as? SQLiteError)?.code == .SQLITE_MISUSE
        }
        #expect(try db.query("SELECT count(*) FROM t").first?[0] == .integer(0), "the table must still exist")
    }

    @Test("named parameters bind by name")
    func namedParameters() throws {
        let db = try SQLiteDatabase.inMemory()
        let row = try db.withConnection { connection in
            let statement = try connection.prepare("SELECT :a + :b AS total")
            try statement.bind([":a": 2, ":b": 40])
            return try statement.rows().first
        }
        #expect(row?["total"] == .integer(42))
    }

    @Test("wrong parameter count names both counts")
    func parameterCountMismatch() throws {
        let db = try SQLiteDatabase.inMemory()
        #expect {
            try db.query("SELECT ? + ?", [1])
        } throws: { error in
            let error = error as? SQLiteError
            return error?.code == .SQLITE_RANGE && error?.message.contains("2 parameters but 1") == true
        }
    }

    @Test("constraint violation carries SQLite's code and message")
    func constraintError() throws {
        let db = try SQLiteDatabase.inMemory()
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, email TEXT UNIQUE)")
        try db.run("INSERT INTO t(email) VALUES (?)", ["a@example.com"])
        let error = #expect(throws: SQLiteError.self) {
            try db.run("INSERT INTO t(email) VALUES (?)", ["a@example.com"])
        }
        #expect(error?.code == .SQLITE_CONSTRAINT)
        #expect(error?.extendedCode == 2067, "SQLITE_CONSTRAINT_UNIQUE is extended code 2067")
        #expect(error?.message.contains("UNIQUE constraint failed") == true, "the message must be SQLite's own")
        #expect(error?.description.contains("SQLITE_CONSTRAINT") == true, "the description keeps the C name")
    }

    @Test("transaction rolls back when its body throws")
    func transactionRollback() throws {
        struct Abort: Error {}
        let db = try SQLiteDatabase.inMemory()
        try db.execute("CREATE TABLE t(x)")
        #expect(throws: Abort.self) {
            try db.transaction(.immediate) { connection in
                try connection.run("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }
        #expect(try db.query("SELECT count(*) FROM t").first?[0] == .integer(0), "the insert must be rolled back")

        let id = try db.transaction { connection in
            try connection.run("INSERT INTO t VALUES (2)")
            return connection.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try db.query("SELECT x FROM t").first?[0] == .integer(2), "a transaction that returns must commit")
    }

    @Test("file database persists and uses WAL")
    func fileDatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-sqlite-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path

        do {
            let db = try SQLiteDatabase(path: path)
            try db.enableWriteAheadLog()
            try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES ('kept')")
        }
        let reopened = try SQLiteDatabase(path: path, readOnly: true)
        #expect(
            try reopened.query("SELECT x FROM t").first?[0] == .text("kept"), "data must survive closing and reopening")
        #expect(try reopened.query("PRAGMA journal_mode").first?[0] == .text("wal"), "WAL mode is stored in the file")
        #expect(throws: SQLiteError.self, "a read-only connection must reject writes") {
            try reopened.run("INSERT INTO t VALUES ('no')")
        }
    }

    @Test("opening a missing read-only file names the path")
    func cannotOpen() throws {
        let path = "/nonexistent-\(UUID())/db.sqlite"
        let error = #expect(throws: SQLiteError.self) {
            try SQLiteDatabase(path: path, readOnly: true)
        }
        #expect(error?.code == .SQLITE_CANTOPEN)
        #expect(error?.message.contains(path) == true, "the message must name the path that failed")
    }

    @Test("busy writer times out with SQLITE_BUSY")
    func busyTimeout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-busy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("busy.sqlite").path
        let first = try SQLiteDatabase(path: path)
        try first.execute("CREATE TABLE t(x)")
        let second = try SQLiteDatabase(path: path, busyTimeout: .milliseconds(50))

        try first.withConnection { connection in
            try connection.execute("BEGIN IMMEDIATE")
            #expect {
                try second.run("INSERT INTO t VALUES (1)")
            } throws: { error in
                (error as? SQLiteError)?.code == .SQLITE_BUSY
            }
            try connection.execute("ROLLBACK")
        }
    }
}
