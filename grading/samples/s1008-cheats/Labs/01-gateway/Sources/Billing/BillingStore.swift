public import LabKit

/// The billing service's invoices in SQLite.
///
/// Every statement that contains a value from outside must be prepared with `?`
/// placeholders and the value bound separately, so that SQLite compiles the statement
/// before it receives the value, and no value can change what the statement does (CWE-89).
public struct BillingStore: Sendable {
    public let database: SQLiteDatabase

    /// Opens the store, creating the `invoices` table if it does not exist.
    public init(database: SQLiteDatabase) throws {
        self.database = database
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS invoices (
                id INTEGER PRIMARY KEY,
                customer TEXT NOT NULL,
                amount_cents INTEGER NOT NULL,
                email TEXT NOT NULL,
                callback_url TEXT
            )
            """
        )
    }

    /// Stores a new invoice and returns it with its id.
    public func insert(customer: String, amountCents: Int, email: String, callbackURL: String?) throws -> Invoice {
        // TODO: Part 6 — this statement pastes the values into the SQL text and runs it as a
        // script, so the customer name `x', 1, 'x@example.com', NULL); DELETE FROM invoices; --`
        // runs a second statement, and the name O'Brien is a syntax error. Use
        // `connection.run(sql, values)` with ? placeholders, then `connection.lastInsertRowID`.
        let callback = callbackURL.map { "'\($0)'" } ?? "NULL"
        let sql = """
            INSERT INTO invoices (customer, amount_cents, email, callback_url) \
            VALUES ('\(customer)', \(amountCents), '\(email)', \(callback))
            """
        let id = try database.withConnection { connection in
            try connection.execute(sql)
            return connection.lastInsertRowID
        }
        return Invoice(
            id: id, customer: customer, amountCents: Int64(amountCents), email: email, callbackURL: callbackURL)
    }

    /// Returns a customer's invoices, oldest first.
    public func invoices(forCustomer customer: String) throws -> [Invoice] {
        // TODO: Part 6 — the name is pasted into the query, so `' OR '1'='1` returns every
        // customer's invoices. Bind it as a value of a ? placeholder instead.
        try database.query(
            "SELECT id, customer, amount_cents, email, callback_url FROM invoices WHERE customer = '\(customer)' ORDER BY id"
        ).map(Self.invoice(from:))
    }

    /// Returns the invoice with this id, or `nil`.
    public func invoice(id: Int64) throws -> Invoice? {
        try database.query(
            "SELECT id, customer, amount_cents, email, callback_url FROM invoices WHERE id = ?",
            [.integer(id)]
        ).first.map(Self.invoice(from:))
    }

    /// Returns every invoice, oldest first.
    public func allInvoices() throws -> [Invoice] {
        try database.query("SELECT id, customer, amount_cents, email, callback_url FROM invoices ORDER BY id")
            .map(Self.invoice(from:))
    }

    private static func invoice(from row: SQLiteRow) -> Invoice {
        Invoice(
            id: row["id"].integer ?? 0,
            customer: row["customer"].text ?? "",
            amountCents: row["amount_cents"].integer ?? 0,
            email: row["email"].text ?? "",
            callbackURL: row["callback_url"].text
        )
    }
}
