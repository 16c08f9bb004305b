import CertificateTrust
import Foundation
import LabKit
import Synchronization
import Testing

@Suite("Part 6 — Mutual TLS between services")
struct Part6MutualTLS {
    static let trustDomain = "cluster.local"

    let pki: LabPKI
    /// The cluster's CA, which issues every workload certificate.
    let clusterCA: CertificateAuthority
    /// The billing service's server certificate.
    let billing: CertifiedKey
    let policy = ServiceAuthorizationPolicy(rules: [
        "frontend/web": [.init(.get, "/invoices")],
        "reports/batch": [.init(.get, "/invoices/summary")],
    ])

    init() throws {
        pki = try LabPKI()
        clusterCA = try CertificateAuthority.root(name: "Cluster CA", validity: LabPKI.validity)
        billing = try clusterCA.issueServer(names: [.dnsName("billing.billing.svc.cluster.local")])
    }

    private func workload(
        _ namespace: String, _ account: String, from ca: CertificateAuthority? = nil,
        validity: ClosedRange<Date>? = nil
    ) throws -> CertifiedKey {
        try (ca ?? clusterCA).issueClient(
            names: [.uri("spiffe://\(Self.trustDomain)/ns/\(namespace)/sa/\(account)")], validity: validity)
    }

    /// Runs `body` with the billing service on loopback; the closure counts handler calls.
    private func withBilling(
        _ body: (SocketAddress, @Sendable () -> Int) async throws -> Void
    ) async throws {
        let calls = Mutex(0)
        let service = MutualTLSService(
            identity: billing, clusterRoots: [clusterCA.certificate], trustDomain: Self.trustDomain, policy: policy,
            clock: ManualClock(now: LabPKI.now)
        ) { request, caller in
            calls.withLock { $0 += 1 }
            return HTTPResponse(status: .ok, text: "\(request.path) for \(caller.serviceName)")
        }
        let address = try service.start()
        do {
            try await body(address) { calls.withLock { $0 } }
            await service.stop()
        } catch {
            await service.stop()
            throw error
        }
    }

    private func call(
        _ address: SocketAddress, as identity: CertifiedKey?, _ path: String, method: HTTPMethod = .get
    ) async -> Result<HTTPResponse, any Error> {
        let client = VerifyingClient(
            strategy: StandardTrustStrategy(
                validator: ChainValidator(
                    trustedRoots: [clusterCA.certificate], role: .server, clock: ManualClock(now: LabPKI.now))),
            identity: identity)
        do {
            return .success(
                try await client.send(
                    HTTPRequest(method: method, target: path), to: address,
                    serverName: "billing.billing.svc.cluster.local"))
        } catch {
            return .failure(error)
        }
    }

    @Test(
        "SPIFFE IDs parse strictly",
        arguments: [
            ("spiffe://cluster.local/ns/billing/sa/api", true),
            ("spiffe://prod-east.example/ns/team_a/sa/Worker.v2", true),
            ("https://cluster.local/ns/billing/sa/api", false),
            ("SPIFFE://cluster.local/ns/billing/sa/api", false),
            ("spiffe://cluster.local/ns/billing/sa/api/", false),
            ("spiffe://cluster.local/ns/billing", false),
            ("spiffe://cluster.local/ns//sa/api", false),
            ("spiffe://cluster.local/sa/api/ns/billing", false),
            ("spiffe://Cluster.Local/ns/billing/sa/api", false),
            ("spiffe://cluster.local:8443/ns/billing/sa/api", false),
            ("spiffe://user@cluster.local/ns/billing/sa/api", false),
            ("spiffe://cluster.local/ns/billing/sa/api?x=1", false),
            ("spiffe://cluster.local/ns/bill%69ng/sa/api", false),
            ("spiffe:///ns/billing/sa/api", false),
        ])
    func spiffeIDsParseStrictly(id: String, valid: Bool) throws {
        let reference = try ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/billing/sa/api")
        #expect(reference.serviceName == "billing/api", "the service name is namespace/serviceAccount")
        #expect(reference.trustDomain == "cluster.local", "the trust domain is the authority")
        let parsed = Result { try ServiceIdentity(spiffeID: id) }
        if valid {
            #expect(try parsed.get().description == id, "\(id) is a valid workload SPIFFE ID")
        } else {
            #expect(
                (parsed.error as? TrustError)?.code == .invalidIdentity, "\(id) must be rejected as invalidIdentity")
        }
    }

    @Test("identity comes from the one SPIFFE URI SAN")
    func identityFromCertificate() throws {
        let web = try workload("frontend", "web").certificate
        #expect(
            try ServiceIdentity(certificate: web, trustDomain: Self.trustDomain).serviceName == "frontend/web",
            "the URI SAN names the workload")

        var twoIDs = clusterCA.makeBuilder(commonName: "frontend/web")
        twoIDs.subjectAlternativeNames = [
            .uri("spiffe://cluster.local/ns/frontend/sa/web"), .uri("spiffe://cluster.local/ns/billing/sa/admin"),
        ]
        let ambiguous = try clusterCA.issue(twoIDs).certificate
        #expect(
            (Result { try ServiceIdentity(certificate: ambiguous, trustDomain: Self.trustDomain) }.error as? TrustError)?
                .code == .invalidIdentity, "two SPIFFE IDs make the identity ambiguous")

        var commonNameOnly = clusterCA.makeBuilder(commonName: "spiffe://cluster.local/ns/billing/sa/admin")
        commonNameOnly.subjectAlternativeNames = [.dnsName("web.frontend.svc")]
        let noURI = try clusterCA.issue(commonNameOnly).certificate
        #expect(
            (Result { try ServiceIdentity(certificate: noURI, trustDomain: Self.trustDomain) }.error as? TrustError)?
                .code == .invalidIdentity, "the common name is never an identity")

        #expect(
            (Result { try ServiceIdentity(certificate: web, trustDomain: "other.cluster") }.error as? TrustError)?
                .code == .invalidIdentity, "an identity from another trust domain is rejected")
    }

    @Test("policy allows per service and path")
    func policyAllowsPerService() throws {
        let web = try ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/frontend/sa/web")
        let batch = try ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/reports/sa/batch")
        let unknown = try ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/shop/sa/cart")
        #expect(policy.allows(web, .get, "/invoices"), "frontend/web may GET /invoices")
        #expect(policy.allows(web, .get, "/invoices/7"), "the prefix covers the segments below it")
        #expect(!policy.allows(web, .get, "/invoices-archive"), "a prefix matches whole segments only")
        #expect(!policy.allows(web, .post, "/invoices"), "the method must match")
        #expect(policy.allows(batch, .get, "/invoices/summary"), "reports/batch may GET the summary")
        #expect(!policy.allows(batch, .get, "/invoices/7"), "but not single invoices")
        #expect(!policy.allows(unknown, .get, "/invoices"), "a service without rules may call nothing")
    }

    @Test("policy denies dot segments and encoded separators")
    func policyDeniesDotSegments() throws {
        let web = try ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/frontend/sa/web")
        let everything = ServiceAuthorizationPolicy(rules: ["frontend/web": [.init(.get, "/")]])
        #expect(policy.allows(web, .get, "/invoices/7"), "frontend/web may GET /invoices/7")
        #expect(everything.allows(web, .get, "/admin"), "a rule for / covers every plain path")
        for path in [
            "/invoices/../admin", "/invoices/./7", "/invoices/%2e%2e/admin", "/invoices/%2E%2E/admin",
            "/invoices/..%2Fadmin", "/invoices%2f..%2fadmin", "/invoices/..%5cadmin", "/invoices/..\\admin",
        ] {
            #expect(
                !policy.allows(web, .get, path),
                "\(path) starts with /invoices but a server may resolve it elsewhere, so it is denied")
            #expect(!everything.allows(web, .get, path), "\(path) is denied even by a rule for /")
        }
    }

    @Test("cluster certificate without a SPIFFE ID is unauthorized")
    func certificateWithoutSPIFFEIDIsUnauthorized() async throws {
        let web = try workload("frontend", "web")
        let noIdentity = try clusterCA.issueClient(names: [.dnsName("web.frontend.svc.cluster.local")])
        try await withBilling { address, calls in
            #expect(await call(address, as: web, "/invoices").value?.status == .ok, "a valid workload gets through")
            let result = await call(address, as: noIdentity, "/invoices")
            #expect(
                result.value?.status == .unauthorized,
                "the cluster's CA issued the certificate, so the handshake passes, but it names no workload: \(result)")
            #expect(calls() == 1, "the handler never runs for a caller without an identity")
        }
    }

    @Test("authorized services are served")
    func authorizedServicesAreServed() async throws {
        let web = try workload("frontend", "web")
        let batch = try workload("reports", "batch")
        try await withBilling { address, calls in
            let allowed = await call(address, as: web, "/invoices/7")
            #expect(allowed.value?.status == .ok, "frontend/web may read invoices: \(allowed)")
            #expect(
                allowed.value.map { String(decoding: $0.body, as: UTF8.self) } == "/invoices/7 for frontend/web",
                "the handler learns the caller from its certificate")

            let denied = await call(address, as: batch, "/invoices/7")
            #expect(denied.value?.status == .forbidden, "reports/batch may read the summary only: \(denied)")
            let wrongMethod = await call(address, as: web, "/invoices", method: .post)
            #expect(wrongMethod.value?.status == .forbidden, "frontend/web may not create invoices")
            #expect(calls() == 1, "the handler runs for the authorized call only")
        }
    }

    @Test("handshake fails without a valid client certificate")
    func handshakeFailsWithoutValidCertificate() async throws {
        let web = try workload("frontend", "web")
        let otherCA = try CertificateAuthority.root(name: "Cluster CA", validity: LabPKI.validity)
        let foreign = try workload("frontend", "web", from: otherCA)
        let expired = try workload("frontend", "web", validity: LabPKI.start...LabPKI.now - 1)
        try await withBilling { address, calls in
            #expect(await call(address, as: web, "/invoices").value?.status == .ok, "a valid workload gets through")
            let cases: [(String, CertifiedKey?)] = [
                ("no client certificate", nil),
                ("a certificate from another CA with the same name", foreign),
                ("an expired certificate", expired),
            ]
            for (name, identity) in cases {
                let result = await call(address, as: identity, "/invoices")
                #expect(result.value == nil, "with \(name) the connection must fail: \(result)")
            }
            #expect(calls() == 1, "no failed client ever reaches the handler")
        }
    }
}

extension Result {
    fileprivate var value: Success? { try? get() }
    fileprivate var error: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}
