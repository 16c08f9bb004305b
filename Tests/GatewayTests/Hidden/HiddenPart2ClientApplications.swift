import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 2 — Client applications (hidden)")
struct HiddenPart2ClientApplications {
    @Test(
        "repeated or combined key gets 401",
        arguments: [
            ("the same key twice", [("X-API-Key", Fixture.partnerKey), ("x-api-key", Fixture.partnerKey)]),
            ("two keys in one field", [("X-API-Key", "\(Fixture.partnerKey), \(Fixture.partnerKey)")]),
            ("a key with a trailing tab", [("X-API-Key", Fixture.partnerKey + "\t")]),
            ("a key under another name", [("X-Api-Key-Override", Fixture.partnerKey)]),
        ]
    )
    func repeatedOrCombinedKeyGets401(label: String, headers: [(String, String)]) async throws {
        let upstream = StubUpstream()
        let middleware = AuthenticationMiddleware(registry: try Fixture.registry(), logger: .disabled)

        let lowercaseName = Fixture.request(.get, "/orders", headers: [("x-api-key", Fixture.partnerKey)])
        let valid = try await middleware.respond(to: Fixture.context(lowercaseName), next: upstream.next)
        #expect(
            valid.status == .ok, "field names are case-insensitive (RFC 9110 §5.1), so x-api-key must authenticate")

        let response = try await middleware.respond(
            to: Fixture.context(Fixture.request(.get, "/orders", headers: headers)), next: upstream.next)
        #expect(response.status == .unauthorized, "a request with \(label) must be rejected with 401")
        #expect(upstream.contexts.count == 1, "the request with \(label) must not go on")
    }
}
