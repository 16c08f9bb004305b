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
            // SQLite's message names tables and quotes SQL, so it goes to the log only.
            logger.error(
                "billing request failed: \(error)",
                metadata: ["method": request.method.rawValue, "path": request.path])
            return HTTPResponse(status: .internalServerError, text: "internal server error")
        }
    }

    private func listInvoices(_ request: HTTPRequest) throws -> HTTPResponse {
        let customer = request.queryItems.first { $0.name == "customer" }?.value ?? ""
        return try HTTPResponse(status: .ok, json: try store.invoices(forCustomer: customer))
    }

    private func createInvoice(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = FormFields(body: request.body)
        let customer = try InputValidation.customerName(try form.required("customer"))
        let amount = try InputValidation.amountInCents(try form.required("amount_cents"))
        let email = try InputValidation.emailAddress(try form.required("email"))
        // The policy returns the URL rebuilt from the parts it checked, which is the only
        // URL stored and notified.
        let callbackURL = try form.single("callback_url").map(callbackPolicy.validate)

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
        let customer = InputValidation.escapeHTML(invoice.customer)
        let email = InputValidation.escapeHTML(invoice.email)
        let html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Receipt</title></head>
            <body>
            <h1>Receipt for \(customer)</h1>
            <p>Invoice \(invoice.id): \(amount)</p>
            <p>Sent to \(email)</p>
            </body></html>
            """
        return HTTPResponse(status: .ok, text: html, contentType: "text/html; charset=utf-8")
    }
}
