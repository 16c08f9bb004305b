import Foundation
import LabKit
import Testing

/// A small PKI built fresh for each test: a root, an intermediate, and a server leaf.
struct X509TestPKI: Sendable {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let end = Date(timeIntervalSince1970: 1_830_297_600)  // 2028-01-01T00:00:00Z
    static let validity = start...end

    let root: CertificateAuthority
    let intermediate: CertificateAuthority
    let server: CertifiedKey

    init(keyType: KeyType = .ecP256) throws {
        root = try CertificateAuthority.root(name: "Test Root CA", keyType: keyType, validity: Self.validity)
        intermediate = try root.intermediate(name: "Test Issuing CA", keyType: keyType)
        server = try intermediate.issueServer(
            names: [.dnsName("api.lab.test"), .ipAddress([127, 0, 0, 1])], keyType: keyType)
    }
}

/// Expects `body` to throw a ``CertificateError`` with `code`.
func expectCertificateError<Result>(
    _ code: CertificateError.Code,
    _ comment: Comment,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Result
) {
    let error = #expect(throws: CertificateError.self, comment, sourceLocation: sourceLocation) {
        _ = try body()
    }
    if let error {
        #expect(error.code == code, "\(comment): got \(error.code) (\(error))", sourceLocation: sourceLocation)
    }
}
