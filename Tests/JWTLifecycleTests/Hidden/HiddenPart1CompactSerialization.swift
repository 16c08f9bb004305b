import Foundation
import JWTLifecycle
import LabKit
import Testing

@Suite("Part 1 — Compact serialization (hidden)")
struct HiddenPart1CompactSerialization {
    /// Builds a token from raw header JSON, a valid claims payload and a fixed signature.
    private static func token(header: String, signature: String = "c2ln") -> String {
        let claims = TokenFactory.segment(["iss": TokenFactory.issuer, "exp": 2_000_000_000])
        return Data(header.utf8).base64URLEncodedString + "." + claims + "." + signature
    }

    @Test(
        "header without string alg is malformed",
        arguments: [
            ("a header without alg", token(header: #"{"typ":"JWT"}"#)),
            ("a numeric alg", token(header: #"{"alg":256}"#)),
            ("a null alg", token(header: #"{"alg":null}"#)),
            ("a JSON array as header", token(header: #"["HS256"]"#)),
            ("a JSON string as header", token(header: #""HS256""#)),
            ("a padded signature segment", token(header: #"{"alg":"HS256"}"#, signature: "c2lnbg==")),
        ])
    func headerWithoutStringAlgIsMalformed(label: String, token: String) throws {
        let valid = try CompactJWS(parsing: Self.token(header: #"{"alg":"HS256"}"#))
        #expect(valid.header.alg == "HS256", "a header with a string alg and a strict signature segment parses")
        #expect(
            jwtErrorCode { _ = try CompactJWS(parsing: token) } == .malformed,
            "RFC 7515 §4.1.1 requires alg as a string in a JSON object header; \(label) must be malformed")
    }
}
