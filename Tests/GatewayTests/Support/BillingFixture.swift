import Foundation
import Gateway
import LabKit
import Synchronization

/// A callback notifier that only records: the tests never fetch a callback URL.
final class RecordingNotifier: CallbackNotifier, Sendable {
    private let received = Mutex<[URL]>([])

    var urls: [URL] {
        received.withLock { $0 }
    }

    func notify(_ url: URL, about invoice: Invoice) async {
        received.withLock { $0.append(url) }
    }
}

/// A billing service on a fresh in-memory database, with three invoices.
struct BillingFixture {
    static let callbackPolicy = CallbackURLPolicy(allowedHosts: ["hooks.example.com"])

    let database: SQLiteDatabase
    let store: BillingStore
    let notifier = RecordingNotifier()
    let logs = LogCapture()
    let service: BillingService

    /// The invoices the fixture starts with, stored through SQL of the test's own, so
    /// that the seed does not depend on the store under test.
    static let seed: [(customer: String, amountCents: Int64, email: String)] = [
        ("alice", 1_250, "alice@example.com"),
        ("alice", 990, "alice@example.com"),
        ("bob", 40_000, "bob@example.org"),
    ]

    init() throws {
        database = try SQLiteDatabase.inMemory()
        store = try BillingStore(database: database)
        for invoice in Self.seed {
            try database.run(
                "INSERT INTO invoices (customer, amount_cents, email) VALUES (?, ?, ?)",
                [.text(invoice.customer), .integer(invoice.amountCents), .text(invoice.email)]
            )
        }
        service = BillingService(
            store: store, callbackPolicy: Self.callbackPolicy, notifier: notifier, logger: logs.logger(label: "billing")
        )
    }

    /// Returns every row of the table as text, to compare before and after an attack.
    func tableSnapshot() throws -> [String] {
        try database.query("SELECT id, customer, amount_cents, email, callback_url FROM invoices ORDER BY id").map(
            \.description)
    }

    func get(_ target: String) async -> HTTPResponse {
        await service.handle(HTTPRequest(method: .get, target: target))
    }

    /// Posts a form with the fields percent-encoded as a browser would.
    func post(_ fields: [(String, String)]) async -> HTTPResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        let request = HTTPRequest(
            method: .post, target: "/invoices",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.utf8))
        return await service.handle(request)
    }

    /// Returns a valid form, with one field replaced or added.
    static func form(_ name: String? = nil, _ value: String = "") -> [(String, String)] {
        var fields = [("customer", "carol"), ("amount_cents", "2500"), ("email", "carol@example.net")]
        if let name {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        return fields
    }
}

extension HTTPResponse {
    var invoices: [Invoice]? {
        try? JSONDecoder().decode([Invoice].self, from: body)
    }

    var invoice: Invoice? {
        try? JSONDecoder().decode(Invoice.self, from: body)
    }
}

/// Builds a query string value the way a browser's form would.
func queryEncoded(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}
