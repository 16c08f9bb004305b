import Foundation
import JWTLifecycle
import LabKit

/// Builds tokens with LabKit primitives only, so the tests never depend on the signing code
/// under test to produce the tokens they attack.
enum TokenFactory {
    static let issuer = "https://auth.lab.test"
    static let audience = "orders"
    static let secret = Data("a 32-byte secret for HS256 tests".utf8)

    /// Encodes a JSON object as base64url without padding.
    static func segment(_ object: [String: Any]) -> String {
        // Sorted keys keep the bytes stable between runs.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return data.base64URLEncodedString
    }

    /// Builds claims that pass `policy(…)` at `now`, with overrides applied.
    static func claims(now: Date, _ overrides: [String: Any] = [:]) -> [String: Any] {
        let time = now.timeIntervalSince1970
        var claims: [String: Any] = [
            "iss": issuer, "aud": audience, "sub": "ada", "iat": time, "exp": time + 300, "jti": "token-1",
        ]
        for (name, value) in overrides {
            claims[name] = value
        }
        return claims
    }

    /// Signs the header and claims with HMAC-SHA-256 and returns the compact token.
    static func hs256(
        header: [String: Any] = ["alg": "HS256", "typ": "JWT"], claims: [String: Any], key: Data = secret
    )
        -> String
    {
        let input = segment(header) + "." + segment(claims)
        return input + "." + HMAC.authenticationCode(for: Data(input.utf8), key: key).base64URLEncodedString
    }

    /// Signs the header and claims with an asymmetric key and returns the compact token.
    static func signed(
        header: [String: Any], claims: [String: Any], key: SigningKey, algorithm: SignatureAlgorithm
    ) throws -> String {
        let input = segment(header) + "." + segment(claims)
        return input + "." + (try key.signature(for: Data(input.utf8), using: algorithm)).base64URLEncodedString
    }

    static func policy(leeway: TimeInterval = 30) -> ClaimsPolicy {
        ClaimsPolicy(issuer: issuer, audience: audience, leeway: leeway)
    }

    static func hmacVerifier(clock: ManualClock, leeway: TimeInterval = 30) -> TokenVerifier {
        TokenVerifier(keys: ["hmac-1": .hmacSHA256(secret: secret)], policy: policy(leeway: leeway), clock: clock)
    }
}

/// Returns the `JWTError` code that `body` throws, or `nil` when it returns or throws another error.
func jwtErrorCode(_ body: () throws -> Void) -> JWTError.Code? {
    do {
        try body()
        return nil
    } catch let error as JWTError {
        return error.code
    } catch {
        return nil
    }
}
