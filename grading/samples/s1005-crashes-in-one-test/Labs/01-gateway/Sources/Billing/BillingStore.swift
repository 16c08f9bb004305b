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
        let values: [SQLiteValue] = [
            .text(customer), .integer(Int64(amountCents)), .text(email), callbackURL.map(SQLiteValue.text) ?? .null,
        ]
        // The insert and the id are read under one hold of the connection, because
        // another task's insert could run between two separate calls.
        let id = try database.withConnection { connection in
            try connection.run(
                "INSERT INTO invoices (customer, amount_cents, email, callback_url) VALUES (?, ?, ?, ?)", values)
            return connection.lastInsertRowID
        }
        return Invoice(
            id: id, customer: customer, amountCents: Int64(amountCents), email: email, callbackURL: callbackURL)
    }

    /// Returns a customer's invoices, oldest first.
    public func invoices(forCustomer customer: String) throws -> [Invoice] {
        try database.query(
            "SELECT id, customer, amount_cents, email, callback_url FROM invoices WHERE customer = ? ORDER BY id",
            [.text(customer)]
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
