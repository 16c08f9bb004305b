import COpenSSL
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One name from a certificate's subject alternative name extension (RFC 5280 §4.2.1.6).
public enum SubjectAlternativeName: Hashable, Sendable, CustomStringConvertible {
    /// A DNS name (`dNSName`), possibly with a wildcard such as `*.example.com`, as encoded.
    case dnsName(String)
    /// An IP address (`iPAddress`): 4 bytes for IPv4, 16 for IPv6, in network order.
    case ipAddress([UInt8])
    /// A URI (`uniformResourceIdentifier`), such as a SPIFFE ID `spiffe://cluster.local/ns/a/sa/b`.
    case uri(String)
    /// An email address (`rfc822Name`).
    case email(String)

    /// Parses an IPv4 or IPv6 address literal into an ``ipAddress(_:)`` name.
    ///
    /// Returns `nil` for text that is not an address literal, such as a host name. IPv6
    /// literals may be bracketed (`[::1]`), as they are in URLs.
    public static func ipAddress(parsing text: String) -> SubjectAlternativeName? {
        let literal = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var ipv4 = in_addr()
        if inet_pton(AF_INET, literal, &ipv4) == 1 {
            return .ipAddress(withUnsafeBytes(of: &ipv4) { Array($0) })
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, literal, &ipv6) == 1 {
            return .ipAddress(withUnsafeBytes(of: &ipv6) { Array($0) })
        }
        return nil
    }

    /// The name as `openssl x509 -ext subjectAltName` prints it, such as `DNS:example.com`.
    public var description: String {
        switch self {
        case .dnsName(let name): "DNS:\(name)"
        case .ipAddress(let bytes): "IP Address:\(Self.text(ofAddress: bytes))"
        case .uri(let uri): "URI:\(uri)"
        case .email(let address): "email:\(address)"
        }
    }

    /// Formats address bytes: dotted decimal for IPv4, eight full hexadecimal groups for IPv6
    /// (as OpenSSL 3.0 prints them), and hexadecimal bytes for any other length.
    static func text(ofAddress bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4:
            return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2)
                .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16, uppercase: true) }
                .joined(separator: ":")
        default:
            return bytes.map { String($0, radix: 16) }.joined(separator: ":")
        }
    }
}

extension SubjectAlternativeName {
    /// Reads one OpenSSL `GENERAL_NAME`, or returns `nil` for kinds this type does not model
    /// (directory names, other names, registered IDs).
    ///
    /// - Throws: ``CertificateError/Code/invalidCertificate`` for a DNS name, URI or email
    ///   address that is not an IA5String without NUL bytes, and for an IP address that is
    ///   not 4 or 16 bytes long (RFC 5280 §4.2.1.6). A NUL byte would let C code that stops
    ///   at it read `good.example\0.evil.example` as `good.example`.
    static func reading(_ name: UnsafeMutablePointer<GENERAL_NAME>) throws -> SubjectAlternativeName? {
        var type: Int32 = 0
        guard let value = GENERAL_NAME_get0_value(name, &type) else { return nil }
        let string = value.assumingMemoryBound(to: ASN1_STRING.self)
        let bytes = Array(
            UnsafeBufferPointer(start: ASN1_STRING_get0_data(string), count: Int(ASN1_STRING_length(string))))
        switch type {
        case GEN_DNS: return .dnsName(try ia5Text(bytes, kind: "DNS"))
        case GEN_IPADD: return .ipAddress(try addressBytes(bytes))
        case GEN_URI: return .uri(try ia5Text(bytes, kind: "URI"))
        case GEN_EMAIL: return .email(try ia5Text(bytes, kind: "email"))
        default: return nil
        }
    }

    private static func ia5Text(_ bytes: [UInt8], kind: String) throws -> String {
        if let offset = bytes.firstIndex(of: 0) {
            throw CertificateError(
                .invalidCertificate,
                "subject alternative name \(kind):\(escaped(bytes)) contains a NUL byte at offset \(offset); reject this certificate, because its name could match a shorter one"
            )
        }
        if let offset = bytes.firstIndex(where: { $0 > 0x7F }) {
            throw CertificateError(
                .invalidCertificate,
                "subject alternative name \(kind):\(escaped(bytes)) has a non-ASCII byte at offset \(offset); it must be an IA5String (RFC 5280 §4.2.1.6), with international names in their xn-- form"
            )
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func addressBytes(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count == 4 || bytes.count == 16 else {
            throw CertificateError(
                .invalidCertificate,
                "subject alternative name IP Address:\(text(ofAddress: bytes)) is \(bytes.count) bytes long; an iPAddress has 4 bytes (IPv4) or 16 (IPv6) (RFC 5280 §4.2.1.6)"
            )
        }
        return bytes
    }

    /// Writes printable ASCII as is and every other byte as `\xHH`, so that a message shows hidden bytes.
    private static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
    }

    /// Builds an OpenSSL `GENERAL_NAME`, which the caller frees (or hands to a stack that frees it).
    func makeOpenSSLName() throws -> UnsafeMutablePointer<GENERAL_NAME> {
        let (type, text): (Int32, String) =
            switch self {
            case .dnsName(let name): (GEN_DNS, name)
            case .ipAddress(let bytes): (GEN_IPADD, Self.parsableText(ofAddress: bytes))
            case .uri(let uri): (GEN_URI, uri)
            case .email(let address): (GEN_EMAIL, address)
            }
        // a2i_GENERAL_NAME reads a C string, which would end the name at a NUL byte.
        guard !text.utf8.contains(0) else {
            throw CertificateError(
                .invalidParameter,
                "subject alternative name \(self.description.debugDescription) contains a NUL byte; remove it")
        }
        guard let name = a2i_GENERAL_NAME(nil, nil, nil, type, text, 0) else {
            throw CertificateError.openSSL(
                "a2i_GENERAL_NAME", code: .invalidParameter, context: "encoding subject alternative name \(self)")
        }
        return name
    }

    /// Formats address bytes in a form `a2i_GENERAL_NAME` parses back.
    private static func parsableText(ofAddress bytes: [UInt8]) -> String {
        bytes.count == 16 ? text(ofAddress: bytes) : bytes.map(String.init).joined(separator: ".")
    }
}
