import COpenSSL

/// An OpenSSL `X509` object that this object owns and frees.
///
/// The class is `@unchecked Sendable` because ``Certificate`` reads every field once, when
/// it is built, and afterwards passes the object only to calls that do not modify it
/// (`X509_verify`, `i2d_X509`, the verification context's `const` inputs).
final class X509Handle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, which `deinit` frees.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Parses one DER certificate that fills `der` exactly.
    static func parsing(der: [UInt8]) throws -> X509Handle {
        guard !der.isEmpty else {
            throw CertificateError(.invalidCertificate, "certificate bytes are empty; expected a DER certificate")
        }
        var consumed = 0
        let pointer = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            let parsed = d2i_X509(nil, &cursor, buffer.count)
            if let cursor, let base = buffer.baseAddress { consumed = cursor - base }
            return parsed
        }
        guard let pointer else {
            throw CertificateError.openSSL(
                "d2i_X509", code: .invalidCertificate, context: "parsing \(der.count) bytes as a DER certificate")
        }
        let handle = X509Handle(taking: pointer)
        guard consumed == der.count else {
            throw CertificateError(
                .invalidCertificate,
                "DER certificate is followed by \(der.count - consumed) extra bytes; pass one certificate at a time")
        }
        return handle
    }

    /// The certificate's DER encoding.
    func derEncoding() throws -> [UInt8] {
        let length = i2d_X509(pointer, nil)
        guard length > 0 else { throw CertificateError.openSSL("i2d_X509") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(pointer, &cursor)
        }
        guard written == length else { throw CertificateError.openSSL("i2d_X509") }
        return der
    }
}
