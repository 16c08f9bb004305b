import COpenSSL
import Foundation
import LabKit
import Testing

@Suite("X509 — OpenSSL reference verifier")
struct X509ReferenceVerifierTests {
    let during = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("valid chain verifies")
    func validChainVerifies() throws {
        let pki = try X509TestPKI()
        let verifier = OpenSSLReferenceVerifier(trustedRoots: [pki.root.certificate])
        let chain = [pki.server.certificate, pki.intermediate.certificate]
        let result = try verifier.verify(chain, purpose: .tlsServer, hostName: "API.lab.test", at: during)
        #expect(result.isValid, "the chain is valid for api.lab.test: \(result)")
        let address = try verifier.verify(chain, purpose: .tlsServer, hostName: "127.0.0.1", at: during)
        #expect(address.isValid, "the leaf has IP SAN 127.0.0.1: \(address)")
    }

    @Test("reference verifier reports errors")
    func referenceVerifierReportsErrors() throws {
        let pki = try X509TestPKI()
        let verifier = OpenSSLReferenceVerifier(trustedRoots: [pki.root.certificate])
        let chain = [pki.server.certificate, pki.intermediate.certificate]

        let expired = try verifier.verify(chain, purpose: .tlsServer, hostName: nil, at: X509TestPKI.end + 86_400)
        #expect(expired.errorCode == X509_V_ERR_CERT_HAS_EXPIRED, "after notAfter: \(expired)")
        let missing = try verifier.verify([pki.server.certificate], purpose: .tlsServer, hostName: nil, at: during)
        #expect(missing.errorCode == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "no intermediate: \(missing)")
        let otherName = try verifier.verify(chain, purpose: .tlsServer, hostName: "www.lab.test", at: during)
        #expect(otherName.errorCode == X509_V_ERR_HOSTNAME_MISMATCH, "wrong host: \(otherName)")
        let client = try verifier.verify(chain, purpose: .tlsClient, hostName: nil, at: during)
        #expect(client.errorCode == X509_V_ERR_INVALID_PURPOSE, "a server leaf is no client: \(client)")
    }
}
