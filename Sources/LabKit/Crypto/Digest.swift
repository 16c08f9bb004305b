import COpenSSL
public import Foundation

/// Cryptographic hash functions computed by OpenSSL's EVP interface.
///
/// Related OpenSSL documentation: `EVP_DigestInit_ex(3)`.
public enum Digest: Sendable, CaseIterable {
    case sha256
    case sha384
    case sha512

    /// The digest's output length in bytes.
    public var byteCount: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    var algorithm: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    /// Returns the digest of `data`.
    public func hash(_ data: some DataProtocol) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(data)
        let status = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, algorithm, nil)
        }
        // EVP_Digest fails only when OpenSSL cannot allocate or the algorithm is missing
        // from the build, and no caller could recover from either.
        precondition(status == 1, "EVP_Digest failed: \(OpenSSLError.lastMessage())")
        return Data(output.prefix(Int(length)))
    }

    /// Returns the digest of the UTF-8 bytes of `text`.
    public func hash(_ text: String) -> Data {
        hash(Data(text.utf8))
    }
}

/// Helpers for OpenSSL's thread-local error queue.
enum OpenSSLError {
    /// Returns the text of the oldest queued OpenSSL error and clears the queue.
    static func lastMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        labkit_openssl_last_error(&buffer, buffer.count)
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return message.isEmpty ? "no error reported by OpenSSL" : message
    }
}
