import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 1 — Routes (hidden)")
struct HiddenPart1Routes {
    let table: RouteTable

    init() throws {
        table = try Fixture.routeTable()
    }

    @Test(
        "more ambiguous spellings are rejected",
        arguments: [
            "/orders/%2E./admin/users",
            "/orders/..%2F..%2Fadmin",
            "/orders/42%2F",
            "/orders/%5c..%5cadmin",
            "/orders/%C0%AE%C0%AE/admin",
            "/orders/%09",
            "/orders/%7F",
            "/orders/42%00.json",
            "/orders/%u002e%u002e",
            "/orders/%%32%65",
        ]
    )
    func moreAmbiguousSpellingsAreRejected(path: String) {
        #expect(
            table.route(method: .get, path: "/orders/42").routeName == "orders.show",
            "GET /orders/42 itself must match orders.show")
        #expect(
            table.route(method: .get, path: path) == .badRequest,
            "\(path) must be rejected with 400: an encoded dot segment, separator, control character, invalid UTF-8 or bad escape has more than one reading"
        )
    }

    @Test(
        "encoded letters match their route",
        arguments: [
            ("/%6Frders/42", "orders.show", "/orders/42", ["id": "42"]),
            ("/orders/%34%32", "orders.show", "/orders/42", ["id": "42"]),
            ("/orders/%65xport", "orders.export", "/orders/export", [:]),
            ("/customers/%C3%A5sa", "customers.show", "/customers/%C3%A5sa", ["name": "åsa"]),
        ] as [(String, String, String, [String: String])]
    )
    func encodedLettersMatchTheirRoute(
        path: String, routeName: String, canonicalPath: String, parameters: [String: String]
    ) {
        let decision = table.route(method: .get, path: path)
        #expect(
            decision.routeName == routeName,
            "\(path) decodes to \(canonicalPath), so it must match \(routeName) as the backend will read it")
        #expect(decision.match?.path == canonicalPath, "the path to forward for \(path) must be \(canonicalPath)")
        #expect(decision.match?.parameters == parameters, "\(path) must capture the decoded parameters \(parameters)")
    }
}
