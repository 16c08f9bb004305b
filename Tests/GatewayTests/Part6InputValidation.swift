import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 6 — Input validation")
struct Part6InputValidation {
    // MARK: - SQL

    @Test(
        "query injection returns nothing",
        arguments: [
            "' OR '1'='1",
            "alice' --",
            "alice' OR customer = 'bob",
            "x' UNION SELECT 1, name, 0, sql, NULL FROM sqlite_master --",
        ]
    )
    func queryInjectionReturnsNothing(payload: String) async throws {
        let billing = try BillingFixture()
        let genuine = await billing.get("/invoices?customer=alice")
        #expect(genuine.invoices?.count == 2, "alice's own lookup must return her 2 invoices")

        let response = await billing.get("/invoices?customer=\(queryEncoded(payload))")
        #expect(response.status == .ok, "a strange name is just a name nobody has: 200 with an empty list")
        #expect(response.invoices == [], "the payload \(payload) must match no customer; bind it, never concatenate it")
        #expect(!(response.bodyText ?? "").contains("CREATE TABLE"), "the schema must never reach the client")
    }

    @Test("quote in a name is data")
    func quoteInNameIsData() async throws {
        let billing = try BillingFixture()
        let created = await billing.post(BillingFixture.form("customer", "O'Brien & Sons"))
        #expect(created.status == .created, "a name with an apostrophe is a valid name")

        let listed = await billing.get("/invoices?customer=\(queryEncoded("O'Brien & Sons"))")
        #expect(listed.invoices?.map(\.customer) == ["O'Brien & Sons"], "and must be stored and found exactly")
    }

    @Test(
        "insert injection changes nothing else",
        arguments: [
            "x', 1, 'x@example.com', NULL); DELETE FROM invoices; --",
            "x', 1, 'x@example.com', NULL); DROP TABLE invoices; --",
            "x', 1, 'x@example.com', NULL); UPDATE invoices SET amount_cents = 1; --",
        ]
    )
    func insertInjectionChangesNothingElse(payload: String) async throws {
        let billing = try BillingFixture()
        let before = try billing.tableSnapshot()
        let response = await billing.post(BillingFixture.form("customer", payload))

        #expect(response.status == .created, "the payload is an odd but valid customer name, stored as data")
        let after = try billing.tableSnapshot()
        #expect(Array(after.prefix(before.count)) == before, "the existing invoices must be exactly as before")
        #expect(after.count == before.count + 1, "exactly one invoice must be added")
        #expect(try billing.store.allInvoices().last?.customer == payload, "its customer must be the payload, verbatim")
    }

    @Test("database error stays in the log")
    func databaseErrorStaysInLog() async throws {
        let billing = try BillingFixture()
        try billing.database.execute("DROP TABLE invoices")
        let response = await billing.get("/invoices?customer=alice")

        #expect(response.status == .internalServerError, "a failing query is a 500")
        let body = response.bodyText ?? ""
        for fragment in ["no such table", "SELECT", "invoices", "SQLITE"] {
            #expect(
                !body.contains(fragment),
                "the response must not reveal \"\(fragment)\": SQL errors map the database for an attacker")
        }
        #expect(billing.logs.text.contains("no such table"), "SQLite's message must be logged instead")
    }

    // MARK: - Integers

    @Test("valid amounts are accepted", arguments: [("1", 1), ("2500", 2_500), ("10000000", 10_000_000)])
    func validAmountsAreAccepted(text: String, cents: Int) throws {
        #expect(try InputValidation.amountInCents(text) == cents)
    }

    @Test(
        "invalid amounts are rejected",
        arguments: [
            "0", "-500", "10000001", "12.50", "1e3", "0x10", "+42", " 42", "42 ", "", "abc", "4_2",
            "9223372036854775808", "99999999999999999999", "٤٢",
        ]
    )
    func invalidAmountsAreRejected(text: String) throws {
        #expect(try InputValidation.amountInCents("42") == 42, "a plain amount must still be accepted")
        let error = #expect(throws: ValidationError.self, "\"\(text)\" is not a whole number of cents in 1...10000000")
        {
            try InputValidation.amountInCents(text)
        }
        #expect(error?.field == "amount_cents")
    }

    @Test("out-of-range amount is a 400", arguments: ["-500", "0", "99999999999999999999", "12.50"])
    func outOfRangeAmountIs400(amount: String) async throws {
        let billing = try BillingFixture()
        let before = try billing.tableSnapshot()
        let response = await billing.post(BillingFixture.form("amount_cents", amount))

        #expect(
            response.status == .badRequest,
            "amount_cents=\(amount) must be rejected with 400, not stored as some number")
        #expect(try billing.tableSnapshot() == before, "nothing may be stored")
    }

    // MARK: - E-mail

    @Test(
        "valid e-mail addresses are accepted",
        arguments: [
            "ann@example.com", "a.b+tag@sub.example.org", "o'brien@example.ie",
            "first_last-99@mail-server.example.co.uk",
        ]
    )
    func validEmailAddressesAreAccepted(address: String) throws {
        #expect(
            try InputValidation.emailAddress(address) == address,
            "\(address) is valid in the HTML Standard's definition")
    }

    @Test(
        "invalid e-mail addresses are rejected",
        arguments: [
            "ann", "ann@", "@example.com", "ann@@example.com", "ann@example..com", "ann@-example.com",
            "ann@example-.com",
            "ann example@example.com", "ann@example.com\r\nBcc: victim@example.org", "ann@example.com\n",
            "<script>@example.com", "\"ann\"@example.com", "ann@[192.0.2.1]", "ann@example.com>", "ann@exa_mple.com",
            String(repeating: "a", count: 65) + "@example.com",
            // 263 characters: every label is valid, but RFC 5321 allows 254 in all.
            "ann@" + String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63) + "."
                + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 63) + ".com",
        ]
    )
    func invalidEmailAddressesAreRejected(address: String) throws {
        #expect(
            try InputValidation.emailAddress("ann@example.com") == "ann@example.com", "a plain address must be accepted"
        )
        let error = #expect(throws: ValidationError.self, "\(address.debugDescription) is not a valid e-mail address") {
            try InputValidation.emailAddress(address)
        }
        #expect(error?.field == "email")
    }

    @Test("e-mail with a header injection is a 400")
    func emailWithHeaderInjectionIs400() async throws {
        let billing = try BillingFixture()
        let before = try billing.tableSnapshot()
        let response = await billing.post(BillingFixture.form("email", "carol@example.net\r\nBcc: victim@example.org"))

        #expect(response.status == .badRequest, "a line break in an address would add a mail header: 400")
        #expect(try billing.tableSnapshot() == before, "nothing may be stored")
    }

    // MARK: - Names and HTML

    @Test("valid customer names are accepted", arguments: ["Ann Lee", "O'Brien & Sons", "<b>ACME</b>", "Zoë Ångström"])
    func validCustomerNamesAreAccepted(name: String) throws {
        #expect(
            try InputValidation.customerName("  \(name) ") == name, "names are data: only the spaces around are trimmed"
        )
    }

    @Test(
        "invalid customer names are rejected",
        arguments: ["", "   ", String(repeating: "n", count: 101), "ann\u{0}", "ann\r\nX-Admin: 1", "ann\u{2028}lee"]
    )
    func invalidCustomerNamesAreRejected(name: String) throws {
        #expect(try InputValidation.customerName("Ann") == "Ann", "a plain name must be accepted")
        let error = #expect(throws: ValidationError.self, "\(name.debugDescription) must be rejected") {
            try InputValidation.customerName(name)
        }
        #expect(error?.field == "customer")
    }

    @Test(
        "HTML escaping covers the five characters",
        arguments: [
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"),
            ("' onfocus='alert(1)", "&#x27; onfocus=&#x27;alert(1)"),
            ("Tom & Jerry", "Tom &amp; Jerry"),
            ("&lt;", "&amp;lt;"),
            ("Zoë <3", "Zoë &lt;3"),
        ]
    )
    func htmlEscapingCoversFiveCharacters(text: String, escaped: String) {
        #expect(InputValidation.escapeHTML("<&>") == "&lt;&amp;&gt;", "<, & and > must be escaped")
        #expect(InputValidation.escapeHTML(text) == escaped, "OWASP's HTML encoding of \(text.debugDescription)")
    }

    @Test("receipt escapes stored names")
    func receiptEscapesStoredNames() async throws {
        let billing = try BillingFixture()
        let invoice = try billing.store.insert(
            customer: "<script>alert('owned')</script>", amountCents: 500, email: "x@example.com", callbackURL: nil)
        let response = await billing.get("/invoices/\(invoice.id)/receipt")

        #expect(response.status == .ok)
        let html = response.bodyText ?? ""
        #expect(
            !html.contains("<script>"), "a stored name must never become markup: that is stored cross-site scripting")
        #expect(html.contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"), "the name must appear escaped")
    }

    // MARK: - Callback URLs

    /// Allows hooks.example.com and any address at all, so that only the rejection of
    /// non-public addresses keeps a trick away from the internal network.
    static let anyPublicAddress = CallbackURLPolicy(
        allowedHosts: ["hooks.example.com"],
        allowedNetworks: ["0.0.0.0/0", "::/0"].compactMap { try? IPNetwork($0) }
    )

    @Test(
        "allowed callback URLs are accepted",
        arguments: [
            ("https://hooks.example.com/billing", "https://hooks.example.com/billing"),
            ("https://HOOKS.Example.COM./billing?x=1", "https://hooks.example.com/billing?x=1"),
            ("HTTPS://eu.hooks.example.com:443/b", "https://eu.hooks.example.com/b"),
            ("https://8.8.8.8/hook", "https://8.8.8.8/hook"),
            ("https://[2001:4860:4860::8888]/hook", "https://[2001:4860:4860::8888]/hook"),
        ]
    )
    func allowedCallbackURLsAreAccepted(text: String, expected: String) throws {
        let url = try Self.anyPublicAddress.validate(text)
        #expect(url.absoluteString == expected, "\(text) must be accepted and normalized to \(expected)")
    }

    @Test(
        "SSRF tricks are rejected",
        arguments: [
            // Schemes other than https, and no scheme at all
            "http://hooks.example.com/billing", "ftp://hooks.example.com/", "file:///etc/passwd",
            "gopher://hooks.example.com:70/_", "javascript:alert(1)", "hooks.example.com/billing",
            "//hooks.example.com/",
            // User information: the host is what follows the @
            "https://hooks.example.com@127.0.0.1/", "https://user:secret@hooks.example.com/",
            "https://hooks.example.com\\@127.0.0.1/",
            // Loopback in every IPv4 spelling
            "https://127.0.0.1/", "https://2130706433/", "https://0177.0.0.1/", "https://0x7f.0.0.1/",
            "https://0x7f000001/",
            "https://127.1/", "https://127.0.0.1./", "https://%31%32%37.0.0.1/",
            // This host, private ranges, carrier-grade NAT, cloud metadata
            "https://0.0.0.0/", "https://0/", "https://10.0.0.5/", "https://172.16.3.4/", "https://192.168.1.1/",
            "https://100.64.0.1/", "https://169.254.169.254/latest/meta-data/", "https://0xa9fea9fe/",
            // IPv6 loopback, mapped, unspecified, unique-local and link-local addresses
            "https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/",
            "https://[::ffff:169.254.169.254]/",
            "https://[::]/", "https://[fc00::1]/", "https://[fe80::1]/", "https://[fe80::1%25eth0]/",
            // Names that are local, or not on the allow list
            "https://localhost/", "https://LOCALHOST./", "https://api.localhost/", "https://evil.example.net/",
            "https://hooks.example.com.evil.net/", "https://evilhooks.example.com/", "https://example.com/",
            "https://eu..hooks.example.com/",
            // Ports, malformed hosts and hidden characters
            "https://hooks.example.com:8443/", "https://hooks.example.com:22/", "https://1.2.3.4.5/",
            " https://hooks.example.com/", "https://hooks.example.com/\r\nHost: 127.0.0.1",
            "https:///hooks.example.com",
        ]
    )
    func ssrfTricksAreRejected(text: String) throws {
        #expect(
            (try? Self.anyPublicAddress.validate("https://hooks.example.com/billing")) != nil,
            "the allow-listed https://hooks.example.com/billing must be accepted"
        )
        let error = #expect(throws: ValidationError.self, "\(text.debugDescription) must be rejected") {
            try Self.anyPublicAddress.validate(text)
        }
        #expect(error?.field == "callback_url")
    }

    @Test("callback to metadata is never notified")
    func callbackToMetadataIsNeverNotified() async throws {
        let billing = try BillingFixture()
        let before = try billing.tableSnapshot()
        let attack = await billing.post(
            BillingFixture.form("callback_url", "https://169.254.169.254/latest/meta-data/"))
        #expect(attack.status == .badRequest, "a callback to the cloud metadata address must be rejected with 400")
        #expect(try billing.tableSnapshot() == before, "and nothing stored")
        #expect(billing.notifier.urls.isEmpty, "and nothing sent: the check must come before the request")

        let genuine = await billing.post(BillingFixture.form("callback_url", "https://hooks.example.com/billing"))
        #expect(genuine.status == .created, "an allow-listed callback must be accepted")
        #expect(billing.notifier.urls.map(\.absoluteString) == ["https://hooks.example.com/billing"])
    }
}
