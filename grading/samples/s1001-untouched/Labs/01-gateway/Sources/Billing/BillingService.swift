import Foundation
public import LabKit

/// A small billing service that sits behind the gateway.
///
/// | request | response |
/// | --- | --- |
/// | `GET /invoices?customer=NAME` | `200` and the customer's invoices as JSON |
/// | `POST /invoices` with form fields `customer`, `amount_cents`, `email` and optionally `callback_url` | `201` and the new invoice as JSON, then a notification to the callback URL |
/// | `GET /invoices/ID` | `200` and the invoice as JSON, or `404` |
/// | `GET /invoices/ID/receipt` | `200` and an HTML receipt, or `404` |
///
/// Invalid input must get `400` with `{"error": "FIELD REASON"}`, and a failure inside a
/// bare `500` whose cause goes to the log.
///
/// This version is given with the classic flaws of Part 6; each `TODO` marks one.
public struct BillingService: Sendable {
    public let store: BillingStore
    public let callbackPolicy: CallbackURLPolicy
    public let notifier: any CallbackNotifier
    public let logger: Logger

    public init(store: BillingStore, callbackPolicy: CallbackURLPolicy, notifier: any CallbackNotifier, logger: Logger)
    {
        self.store = store
        self.callbackPolicy = callbackPolicy
        self.notifier = notifier
        self.logger = logger
    }

    /// Handles one request; pass this method to `HTTPServer` as its handler.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        do {
            switch (request.method, segments.count) {
            case (.get, 1) where segments[0] == "invoices":
                return try listInvoices(request)
            case (.post, 1) where segments[0] == "invoices":
                return try await createInvoice(request)
            case (.get, 2) where segments[0] == "invoices":
                return try showInvoice(id: segments[1])
            case (.get, 3) where segments[0] == "invoices" && segments[2] == "receipt":
                return try receipt(id: segments[1])
            default:
                return HTTPResponse(status: .notFound, text: "not found")
            }
        } catch let error as ValidationError {
            return (try? HTTPResponse(status: .badRequest, json: ["error": error.description]))
                ?? HTTPResponse(status: .badRequest)
        } catch {
            // TODO: Part 6 — this response hands SQLite's message, and with it the SQL and
            // the table names, to the client. Log the error with `logger.error` and respond with
            // a bare 500 with a generic body.
            return HTTPResponse(status: .internalServerError, text: "database error: \(error)")
        }
    }

    private func listInvoices(_ request: HTTPRequest) throws -> HTTPResponse {
        let customer = request.queryItems.first { $0.name == "customer" }?.value ?? ""
        return try HTTPResponse(status: .ok, json: try store.invoices(forCustomer: customer))
    }

    private func createInvoice(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = FormFields(body: request.body)
        // TODO: Part 6 — every field is used as sent: a negative amount is a refund, an
        // address with a line break adds mail headers, and the service will send a request
        // to any URL at all, 169.254.169.254 included. Check each one with InputValidation
        // (customerName, amountInCents, emailAddress) and the callback with callbackPolicy.
        let customer = try form.required("customer")
        let amount = Int(try form.required("amount_cents")) ?? 0
        let email = try form.required("email")
        let callbackURL = try form.single("callback_url").flatMap { URL(string: $0) }

        let invoice = try store.insert(
            customer: customer, amountCents: amount, email: email, callbackURL: callbackURL?.absoluteString)
        if let callbackURL {
            await notifier.notify(callbackURL, about: invoice)
        }
        return try HTTPResponse(status: .created, json: invoice)
    }

    private func showInvoice(id text: String) throws -> HTTPResponse {
        guard let id = Int64(text), id > 0, let invoice = try store.invoice(id: id) else {
            return HTTPResponse(status: .notFound, text: "not found")
        }
        return try HTTPResponse(status: .ok, json: invoice)
    }

    private func receipt(id text: String) throws -> HTTPResponse {
        guard let id = Int64(text), id > 0, let invoice = try store.invoice(id: id) else {
            return HTTPResponse(status: .notFound, text: "not found")
        }
        let cents = String(invoice.amountCents % 100)
        let amount = "\(invoice.amountCents / 100).\(cents.count == 1 ? "0" + cents : cents)"
        // TODO: Part 6 — the stored name and address go into the HTML as they are, so a
        // customer named <script>…</script> runs script in every reader's browser. Escape
        // both with InputValidation.escapeHTML.
        let html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Receipt</title></head>
            <body>
            <h1>Receipt for \(invoice.customer)</h1>
            <p>Invoice \(invoice.id): \(amount)</p>
            <p>Sent to \(invoice.email)</p>
            </body></html>
            """
        return HTTPResponse(status: .ok, text: html, contentType: "text/html; charset=utf-8")
    }
}
