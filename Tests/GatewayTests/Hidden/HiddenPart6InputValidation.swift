import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 6 — Input validation (hidden)")
struct HiddenPart6InputValidation {
    @Test(
        "more injection payloads return nothing",
        arguments: [
            "nobody' OR 'x'='x",
            "bob' OR amount_cents > 0 --",
            "x' UNION SELECT id, email, amount_cents, customer, callback_url FROM invoices --",
            "x' OR 1=1 LIMIT 1 --",
            "alice'/**/OR/**/'1'='1",
        ]
    )
    func moreInjectionPayloadsReturnNothing(payload: String) async throws {
        let billing = try BillingFixture()
        let genuine = await billing.get("/invoices?customer=bob")
        #expect(genuine.invoices?.count == 1, "bob's own lookup must return his 1 invoice")

        let response = await billing.get("/invoices?customer=\(queryEncoded(payload))")
        #expect(response.status == .ok, "an odd name is a name nobody has: 200")
        #expect(response.invoices == [], "the payload \(payload) must match no customer; bind it as a value")
        #expect(!(response.bodyText ?? "").contains("example."), "no stored e-mail address may leak")
    }

    @Test(
        "more SSRF spellings are rejected",
        arguments: [
            "https://0x7f.1/", "https://017700000001/", "https://127.000.000.001/", "https://0177.1/",
            "https://[0:0:0:0:0:0:0:1]/", "https://[::127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/",
            "https://[::ffff:a9fe:a9fe]/", "https://[2002:7f00:1::]/", "https://198.18.0.1/", "https://224.0.0.1/",
            "https://255.255.255.255/", "https://[ff02::1]/", "https://HOOKS.EXAMPLE.COM:443@10.0.0.1/",
            "https://hooks.example.com%2F@127.0.0.1/", "https://hooks%2Eexample.com/",
            "https://hooks.example.com:0443x/",
            "https://hooks\u{3002}example.com/", "https://hooks.example.com\t/",
        ]
    )
    func moreSSRFSpellingsAreRejected(text: String) throws {
        let policy = CallbackURLPolicy(
            allowedHosts: ["hooks.example.com"],
            allowedNetworks: ["0.0.0.0/0", "::/0"].compactMap { try? IPNetwork($0) })
        #expect(
            (try? policy.validate("https://eu.hooks.example.com/billing")) != nil,
            "a subdomain of the allow-listed host must be accepted")
        let error = #expect(throws: ValidationError.self, "\(text.debugDescription) must be rejected") {
            try policy.validate(text)
        }
        #expect(error?.field == "callback_url")
    }
}
