import Foundation
import Gateway
import LabKit
import Testing

@Suite("Part 4 — Middleware chain (hidden)")
struct HiddenPart4MiddlewareChain {
    let clock = ManualClock()

    func makeGateway(upstream: StubUpstream, applicationRateLimit: RateLimitPolicy? = nil) throws -> Gateway {
        let configuration = try Fixture.configuration(applicationRateLimit: applicationRateLimit)
        return Gateway(configuration: configuration, upstream: upstream, clock: clock, logger: .disabled)
    }

    @Test("application limit runs before routing")
    func applicationLimitRunsBeforeRouting() async throws {
        let upstream = StubUpstream()
        let gateway = try makeGateway(
            upstream: upstream, applicationRateLimit: try Fixture.policy(capacity: 2, refillRate: 1))
        var statuses: [Int] = []
        for path in ["/no/such/path", "/internal/metrics", "/orders"] {
            statuses.append(try await gateway.handle(Fixture.request(.get, path, key: Fixture.partnerKey)).status.code)
        }

        #expect(
            statuses == [404, 404, 429],
            "probing unknown paths with a valid key must use the application's tokens, so the limit precedes routing"
        )
        #expect(upstream.contexts.isEmpty, "no probe and no throttled request may reach a backend")
    }
}
