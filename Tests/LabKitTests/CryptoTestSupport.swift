import Foundation
import LabKit
import Testing

/// Expects `body` to throw a ``CryptoError`` with `code`, recording one issue for each way it fails.
func expectCryptoError<Result>(
    _ code: CryptoError.Code,
    _ comment: Comment,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Result
) {
    let error = #expect(throws: CryptoError.self, comment, sourceLocation: sourceLocation) {
        _ = try body()
    }
    if let error {
        #expect(error.code == code, "\(comment): got \(error.code) (\(error))", sourceLocation: sourceLocation)
    }
}

/// Decodes a base64url test vector; the vectors in this target are all valid, so a failure is a typo.
func base64URL(_ text: String) throws -> Data {
    try #require(Data(base64URLEncoded: text), "test vector \"\(text)\" is not base64url")
}
