import COpenSSL

/// An X.509 distinguished name, such as a certificate's subject or issuer (RFC 5280 §4.1.2.4).
///
/// The attributes are kept in the order they are encoded, most significant first (`C`,
/// then `O`, then `CN`, say). Two names are equal when their attribute types and values are
/// equal in the same order.
///
/// NOTE: RFC 5280 §7.1 compares names after case folding and whitespace normalization.
/// This type compares the decoded values exactly, which is enough for names that one
/// program encodes consistently, as the kit's builder does.
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// One attribute of a name: its type's short name (`CN`, `O`, `OU`, `C`, `L`, `ST`), or
    /// its dotted OID when OpenSSL has no short name for it, and its value as UTF-8 text.
    public struct Attribute: Hashable, Sendable {
        public var type: String
        public var value: String

        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }
    }

    /// The attributes in encoding order.
    public var attributes: [Attribute]

    public init(_ attributes: [Attribute]) {
        self.attributes = attributes
    }

    /// Creates a name from a common name and optional organization, in the order `O`, `CN`.
    public init(commonName: String, organization: String? = nil) {
        var attributes: [Attribute] = []
        if let organization { attributes.append(Attribute(type: "O", value: organization)) }
        attributes.append(Attribute(type: "CN", value: commonName))
        self.init(attributes)
    }

    /// The value of the last `CN` attribute, or `nil` when the name has none.
    ///
    /// Host name verification must not use it (RFC 9525 §6.1); it is here for display.
    public var commonName: String? {
        attributes.last { $0.type == "CN" }?.value
    }

    /// The name as an RFC 4514 string: attributes in reverse order, joined by commas, with
    /// special characters escaped, as `openssl x509 -nameopt RFC2253` prints it.
    public var description: String {
        attributes.reversed().map { "\($0.type)=\(Self.escaped($0.value))" }.joined(separator: ",")
    }

    /// Escapes a value as RFC 4514 §2.4 requires.
    private static func escaped(_ value: String) -> String {
        var result = ""
        for (index, character) in value.enumerated() {
            let isFirst = index == 0
            let isLast = index == value.count - 1
            if ",+\"\\<>;".contains(character) || (isFirst && (character == "#" || character == " "))
                || (isLast && character == " ")
            {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }
}

extension DistinguishedName {
    /// Reads the attributes of an OpenSSL `X509_NAME`.
    init(reading name: OpaquePointer) throws {
        var attributes: [Attribute] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index),
                let object = X509_NAME_ENTRY_get_object(entry),
                let data = X509_NAME_ENTRY_get_data(entry)
            else {
                throw CertificateError.openSSL("X509_NAME_get_entry", code: .invalidCertificate)
            }
            attributes.append(Attribute(type: Self.typeName(of: object), value: try Self.utf8Text(of: data)))
        }
        self.init(attributes)
    }

    /// Builds an OpenSSL `X509_NAME`, which the caller frees with `X509_NAME_free`.
    func makeOpenSSLName() throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw CertificateError.openSSL("X509_NAME_new") }
        for attribute in attributes {
            let bytes = Array(attribute.value.utf8)
            let added = X509_NAME_add_entry_by_txt(
                name, attribute.type, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0)
            guard added == 1 else {
                X509_NAME_free(name)
                throw CertificateError.openSSL(
                    "X509_NAME_add_entry_by_txt", code: .invalidParameter,
                    context: "adding \(attribute.type)=\(attribute.value); use a short name such as CN, O or OU")
            }
        }
        return name
    }

    private static func typeName(of object: OpaquePointer) -> String {
        let nid = OBJ_obj2nid(object)
        if nid != NID_undef, let shortName = OBJ_nid2sn(nid) {
            return String(cString: shortName)
        }
        return objectIdentifier(object)
    }

    private static func utf8Text(of string: UnsafeMutablePointer<ASN1_STRING>) throws -> String {
        var output: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&output, string)
        guard length >= 0, let output else {
            throw CertificateError.openSSL("ASN1_STRING_to_UTF8", code: .invalidCertificate)
        }
        defer { CRYPTO_free(output, nil, 0) }
        return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
    }
}

/// Returns an ASN.1 object's dotted OID, such as `1.3.6.1.5.5.7.3.1`.
///
/// OIDs have no length limit, so the text is sized by a first call that only measures it;
/// a fixed buffer would cut two long OIDs to the same prefix.
func objectIdentifier(_ object: OpaquePointer) -> String {
    let length = OBJ_obj2txt(nil, 0, object, 1)
    guard length > 0 else { return "" }
    var buffer = [CChar](repeating: 0, count: Int(length) + 1)
    let written = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    guard written == length else { return "" }
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
