import Foundation
import JWTLifecycle
import LabKit

/// An authorization service on a temporary SQLite file, which is deleted with the fixture.
final class ServiceFixture {
    let clock = ManualClock()
    let path: String
    let keyRing: KeyRing
    let configuration: ServiceConfiguration
    let service: AuthorizationService

    static let username = "ada"
    static let password = "correct horse battery staple"

    /// Creates the service with the default lifetimes and the given clock-skew leeway.
    init(leeway: TimeInterval = 30) throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("jwt-\(UUID().uuidString).sqlite").path
        keyRing = KeyRing(initial: .init(keyID: "es-1", key: try SigningKey.generate(.ecP256), algorithm: .es256))
        // 1,000 PBKDF2 iterations keep each test fast. It is far too cheap for real
        // passwords, where ServiceConfiguration defaults to PasswordHash.Parameters.recommended.
        configuration = ServiceConfiguration(
            issuer: TokenFactory.issuer, audience: TokenFactory.audience,
            passwordParameters: .pbkdf2SHA256(iterations: 1_000), leeway: leeway)
        service = try AuthorizationService(
            database: try SQLiteDatabase(path: path), keyRing: keyRing, configuration: configuration, clock: clock)
    }

    deinit {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Opens a second service on the same file, as after a restart.
    func reopened() throws -> AuthorizationService {
        try AuthorizationService(
            database: try SQLiteDatabase(path: path), keyRing: keyRing, configuration: configuration, clock: clock)
    }

    /// Registers `ada` and logs in.
    func registerAndLogIn() throws -> TokenPair {
        try service.register(username: Self.username, password: Self.password)
        return try service.login(username: Self.username, password: Self.password)
    }

    /// Decodes the claims of a token without verifying it, to read what the service issued.
    static func unverifiedClaims(_ token: String) throws -> [String: Any] {
        let segment = String(token.split(separator: ".")[1])
        guard let data = Data(base64URLEncoded: segment),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            return [:]
        }
        return object
    }
}
