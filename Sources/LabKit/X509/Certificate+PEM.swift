import Foundation

extension Certificate {
    /// The PEM label of a certificate (RFC 7468 §5.1).
    static let pemLabel = "CERTIFICATE"

    /// Parses the one certificate in PEM text (`-----BEGIN CERTIFICATE-----`).
    ///
    /// Text outside the block, such as the comments some tools write, is ignored.
    ///
    /// - Throws: ``CertificateError/Code/invalidCertificate`` when the text holds no
    ///   certificate block, more than one, or a block that does not decode.
    public init(pemEncoded pem: String) throws {
        let certificates = try Self.parsePEMBundle(pem)
        guard certificates.count == 1 else {
            throw CertificateError(
                .invalidCertificate,
                "PEM text holds \(certificates.count) certificates; use Certificate.parsePEMBundle(_:) for a chain")
        }
        self = certificates[0]
    }

    /// Parses every certificate in PEM text, in order, such as a chain file or a CA bundle.
    ///
    /// - Throws: ``CertificateError/Code/invalidCertificate`` when the text holds no
    ///   certificate block, a block with another label (such as a private key), a block
    ///   without its end line, or a block whose base64 or DER does not decode.
    public static func parsePEMBundle(_ pem: String) throws -> [Certificate] {
        var certificates: [Certificate] = []
        var label: String?
        var body = ""
        for rawLine in pem.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let begin = boundaryLabel(line, "BEGIN") {
                guard label == nil else {
                    throw CertificateError(.invalidCertificate, "PEM block \"\(label ?? "")\" has no END line")
                }
                guard begin == pemLabel else {
                    throw CertificateError(
                        .invalidCertificate,
                        "PEM block \"\(begin)\" is not a certificate; expected -----BEGIN \(pemLabel)-----")
                }
                label = begin
                body = ""
            } else if let end = boundaryLabel(line, "END") {
                guard end == label else {
                    throw CertificateError(.invalidCertificate, "PEM END line \"\(end)\" has no matching BEGIN line")
                }
                certificates.append(try decodeBlock(body, index: certificates.count))
                label = nil
            } else if label != nil {
                body += line
            }
        }
        if let label {
            throw CertificateError(.invalidCertificate, "PEM block \"\(label)\" has no END line")
        }
        guard !certificates.isEmpty else {
            throw CertificateError(
                .invalidCertificate, "text holds no -----BEGIN \(pemLabel)----- block; expected a PEM certificate")
        }
        return certificates
    }

    /// The certificate as PEM text, with base64 lines of 64 characters and a final newline.
    public var pemRepresentation: String {
        let base64 = Data(derRepresentation).base64EncodedString(options: [
            .lineLength64Characters, .endLineWithLineFeed,
        ])
        return "-----BEGIN \(Self.pemLabel)-----\n\(base64)\n-----END \(Self.pemLabel)-----\n"
    }

    /// Writes certificates as one PEM bundle, in order.
    public static func pemBundle(_ certificates: [Certificate]) -> String {
        certificates.map(\.pemRepresentation).joined()
    }

    private static func boundaryLabel(_ line: String, _ kind: String) -> String? {
        let prefix = "-----\(kind) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }

    private static func decodeBlock(_ body: String, index: Int) throws -> Certificate {
        guard let der = Data(base64Encoded: body) else {
            throw CertificateError(
                .invalidCertificate, "PEM certificate \(index + 1) has invalid base64 between its BEGIN and END lines")
        }
        return try Certificate(derEncoded: der)
    }
}
