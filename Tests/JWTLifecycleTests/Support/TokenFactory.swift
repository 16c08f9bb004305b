import Foundation
import JWTLifecycle
import LabKit
import Testing

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

/// Runs `body` and returns what it did, for comparison with a `JWTError` code.
///
/// - `jwtErrorCode { … } == .expired` holds only when `body` threw a `JWTError` with that code.
/// - `jwtErrorCode { … } == nil` holds only when `body` returned without throwing.
/// - `jwtErrorCode { … } != nil` holds only when `body` threw a `JWTError` of any code.
///
/// Any other error, such as a scaffold's "not implemented", a `CryptoError` or an
/// `SQLiteError`, matches none of these, so the expectation fails and its message names
/// that error instead of reporting it as an accepted token.
func jwtErrorCode(_ body: () throws -> Void) -> CallOutcome {
    do {
        try body()
        return CallOutcome(kind: .returned)
    } catch let error as JWTError {
        return CallOutcome(kind: .jwtError(error))
    } catch {
        return CallOutcome(kind: .otherError(error))
    }
}

/// What a call under test did: returned, threw a `JWTError`, or threw another error.
struct CallOutcome: CustomTestStringConvertible {
    enum Kind {
        case returned
        case jwtError(JWTError)
        case otherError(any Error)
    }

    let kind: Kind

    var testDescription: String {
        switch kind {
        case .returned:
            "returned without throwing, so it accepted the input"
        case .jwtError(let error):
            "threw JWTError \(error.code) (\(error.message))"
        case .otherError(let error as LabKitError) where error.code == .notImplemented:
            // The message already says "… is not implemented yet" and names the part.
            error.message
        case .otherError(let error):
            "threw \(type(of: error)) (\(error)) instead of a JWTError"
        }
    }

    /// Whether the call threw a `JWTError` with `code`, or returned when `code` is `nil`.
    static func == (outcome: CallOutcome, code: JWTError.Code?) -> Bool {
        switch (outcome.kind, code) {
        case (.returned, nil): true
        case (.jwtError(let error), let code?): error.code == code
        default: false
        }
    }

    /// Whether the call threw a `JWTError` when `code` is `nil`; otherwise, whether it returned
    /// or threw a `JWTError` with another code.
    ///
    /// An error that is not a `JWTError` makes both `==` and `!=` false.
    static func != (outcome: CallOutcome, code: JWTError.Code?) -> Bool {
        switch (outcome.kind, code) {
        case (.jwtError, nil): true
        case (.returned, .some): true
        case (.jwtError(let error), let code?): error.code != code
        default: false
        }
    }
}
