import CertificateTrust
import Foundation
import LabKit
import Testing

/// The certificates the tests need, generated in memory for each test: nothing on disk,
/// no private key in the repository.
struct LabPKI {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let end = Date(timeIntervalSince1970: 1_830_297_600)  // 2028-01-01T00:00:00Z
    static let now = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00:00Z
    static let validity = start...end
    static let host = "api.lab.test"

    /// The CA the client trusts.
    let root: CertificateAuthority
    /// The CA that issues the servers' certificates, signed by ``root``.
    let intermediate: CertificateAuthority
    /// The real server: `api.lab.test` and `127.0.0.1`.
    let server: CertifiedKey
    /// A CA the attacker controls, which no one trusts.
    let attackerRoot: CertificateAuthority
    /// The attacker's certificate for the real server's name, from the attacker's CA.
    let attackerServer: CertifiedKey
    /// The attacker's self-signed certificate for the real server's name.
    let selfSigned: CertifiedKey

    init() throws {
        root = try CertificateAuthority.root(name: "Lab Root CA", validity: Self.validity)
        intermediate = try root.intermediate(name: "Lab Issuing CA")
        server = try intermediate.issueServer(names: [.dnsName(Self.host), .ipAddress([127, 0, 0, 1])])
        attackerRoot = try CertificateAuthority.root(name: "Attacker CA", validity: Self.validity)
        attackerServer = try attackerRoot.issueServer(names: [.dnsName(Self.host), .ipAddress([127, 0, 0, 1])])
        selfSigned = try CertificateAuthority.selfSignedServer(names: [.dnsName(Self.host)], validity: Self.validity)
    }

    /// What the real server presents: its certificate, then the intermediate.
    var serverChain: [Certificate] {
        [server.certificate, intermediate.certificate]
    }

    /// A chain validator that trusts ``root`` at ``now``.
    func validator(role: PeerRole = .server, clock: ManualClock = ManualClock(now: LabPKI.now)) -> ChainValidator {
        ChainValidator(trustedRoots: [root.certificate], role: role, clock: clock)
    }

    /// Issues a server certificate from ``intermediate`` with `names`.
    func serverCertificate(_ names: [SubjectAlternativeName]) throws -> Certificate {
        try intermediate.issueServer(names: names).certificate
    }
}

/// What a strategy decided: accepted, rejected with a trust error code, or failed otherwise
/// (such as a scaffold function that is not written yet).
enum Outcome: Equatable, Sendable, CustomStringConvertible {
    case accepted
    case rejected(TrustError.Code)
    case failed(String)

    init(_ body: () throws -> [Certificate]) {
        do {
            _ = try body()
            self = .accepted
        } catch let error as TrustError {
            self = .rejected(error.code)
        } catch {
            self = .failed("\(error)")
        }
    }

    var description: String {
        switch self {
        case .accepted: "accepted"
        case .rejected(let code): "rejected (\(code))"
        case .failed(let message): "failed: \(message)"
        }
    }
}

extension TrustStrategy {
    /// Evaluates `chain` for `name` and returns the outcome.
    func outcome(_ chain: [Certificate], name: String? = LabPKI.host) -> Outcome {
        Outcome { try evaluate(PresentedChain(chain, expectedName: name)) }
    }
}

/// A fallback that records whether it was asked, and rejects or accepts as configured.
final class RecordingStrategy: TrustStrategy, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    let accepts: Bool

    init(accepts: Bool) {
        self.accepts = accepts
    }

    var callCount: Int { lock.withLock { calls } }

    func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        lock.withLock { calls += 1 }
        guard accepts else { throw TrustError(.unknownIssuer, "the recording fallback rejects every chain") }
        return presented.certificates
    }
}
