import Foundation

/// An error from parsing, verifying, issuing or revoking a token.
///
/// Tests compare errors on ``code`` only, so the message can name the bad value freely. A
/// service must still not send the message to a client (see the handout, Part 6).
public struct JWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A kind of failure, as an extensible set of names.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The token is not three base64url segments with a JSON header and payload.
        public static let malformed = Code("malformed")
        /// The signature does not match the signing input under the selected key.
        public static let invalidSignature = Code("invalidSignature")
        /// The header's `alg` is not the algorithm of the verifying key (this includes `none`).
        public static let algorithmMismatch = Code("algorithmMismatch")
        /// No verifying key has the header's `kid`, or the token names no key where one is needed.
        public static let unknownKey = Code("unknownKey")
        /// The header carries a member that points at a key or URL (`jku`, `x5u`, `jwk`, `x5c`)
        /// or a `crit` extension this verifier does not implement.
        public static let forbiddenHeader = Code("forbiddenHeader")
        /// The `exp` claim is missing.
        public static let missingExpiration = Code("missingExpiration")
        /// The token expired (`exp`, RFC 7519 §4.1.4).
        public static let expired = Code("expired")
        /// The token is not valid yet (`nbf`, RFC 7519 §4.1.5).
        public static let notYetValid = Code("notYetValid")
        /// The token claims to be issued in the future (`iat`, RFC 7519 §4.1.6).
        public static let issuedInFuture = Code("issuedInFuture")
        /// The `iss` claim is missing or names another issuer.
        public static let invalidIssuer = Code("invalidIssuer")
        /// The `aud` claim is missing or does not contain this service.
        public static let invalidAudience = Code("invalidAudience")
        /// The token's `jti` is on the revocation list.
        public static let revoked = Code("revoked")
        /// The user name or password is wrong, and the code does not say which.
        public static let invalidCredentials = Code("invalidCredentials")
        /// A refresh token was presented a second time, so the service treats it as stolen.
        public static let refreshTokenReused = Code("refreshTokenReused")
        /// A user with that name already exists.
        public static let duplicateUser = Code("duplicateUser")
    }

    /// The kind of error.
    public var code: Code
    /// A description of the failure, for logs and tests.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: JWTError, rhs: JWTError) -> Bool {
        lhs.code == rhs.code
    }
}
