import Foundation
import LabKit
import Testing

@Suite(
    "Crypto — openssl command-line interop",
    .enabled(if: OpenSSLTool.executable != nil, "the openssl command-line tool is not on PATH")
)
struct CryptoOpenSSLToolTests {
    /// Each algorithm with a key type, the `openssl genpkey` options for that key type,
    /// and the digest option of `openssl dgst` (`nil` for EdDSA, which signs raw input).
    struct Case: Sendable, CustomStringConvertible {
        let algorithm: SignatureAlgorithm
        let keyType: KeyType
        let generateOptions: [String]
        let digestOption: String?
        var description: String { algorithm.rawValue }
    }

    static let cases = [
        Case(
            algorithm: .rs256, keyType: .rsa(bits: 2048),
            generateOptions: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], digestOption: "-sha256"),
        Case(
            algorithm: .rs512, keyType: .rsa(bits: 2048),
            generateOptions: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], digestOption: "-sha512"),
        Case(
            algorithm: .es256, keyType: .ecP256,
            generateOptions: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], digestOption: "-sha256"),
        Case(
            algorithm: .es384, keyType: .ecP384,
            generateOptions: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], digestOption: "-sha384"),
        Case(algorithm: .edDSA, keyType: .ed25519, generateOptions: ["-algorithm", "ED25519"], digestOption: nil),
    ]

    static let message = Data("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJib2IifQ".utf8)

    @Test("kit signatures verify in openssl", arguments: cases)
    func kitSignsToolVerifies(testCase: Case) async throws {
        let directory = try ScratchDirectory()
        let key = try SigningKey.generate(testCase.keyType)
        let signature = try key.signature(for: Self.message, using: testCase.algorithm)
        try directory.write(key.verificationKey.pemRepresentation, to: "public.pem")
        try directory.write(Self.message, to: "message.bin")
        try directory.write(toolEncoding(of: signature, keyType: testCase.keyType), to: "signature.bin")

        let verified = try await OpenSSLTool.run(verifyArguments(testCase, message: "message.bin"), in: directory)
        #expect(verified.status == 0, "openssl must accept the kit's \(testCase) signature: \(verified.output)")

        try directory.write(Self.message + [0x21], to: "changed.bin")
        let rejected = try await OpenSSLTool.run(verifyArguments(testCase, message: "changed.bin"), in: directory)
        #expect(rejected.status != 0, "openssl must reject the signature over a changed message")
    }

    @Test("openssl signatures verify in the kit", arguments: cases)
    func toolSignsKitVerifies(testCase: Case) async throws {
        let directory = try ScratchDirectory()
        try await OpenSSLTool.require(["genpkey"] + testCase.generateOptions + ["-out", "private.pem"], in: directory)
        try await OpenSSLTool.require(["pkey", "-in", "private.pem", "-pubout", "-out", "public.pem"], in: directory)
        try directory.write(Self.message, to: "message.bin")
        try await OpenSSLTool.require(signArguments(testCase), in: directory)

        let publicKey = try VerificationKey(pemRepresentation: try directory.readText("public.pem"))
        let signature = try kitEncoding(of: try directory.read("signature.bin"), keyType: testCase.keyType)
        #expect(
            try publicKey.isValidSignature(signature, for: Self.message, using: testCase.algorithm),
            "the kit must accept openssl's \(testCase) signature")

        let privateKey = try SigningKey(pemRepresentation: try directory.readText("private.pem"))
        #expect(
            try privateKey.verificationKey.jwk == publicKey.jwk,
            "the private PEM from openssl must hold the same public key as its public PEM")
    }

    @Test("kit PEM reads in openssl", arguments: cases)
    func kitPEMInTool(testCase: Case) async throws {
        let directory = try ScratchDirectory()
        let key = try SigningKey.generate(testCase.keyType)
        try directory.write(key.pemRepresentation, to: "private.pem")
        let derived = try await OpenSSLTool.run(["pkey", "-in", "private.pem", "-pubout"], in: directory)
        #expect(derived.status == 0, "openssl must read the kit's PKCS#8 PEM: \(derived.output)")
        #expect(
            derived.output == (try key.verificationKey.pemRepresentation),
            "openssl must derive the same public key PEM as the kit")
    }

    @Test("traditional PEM formats load")
    func traditionalFormats() async throws {
        let directory = try ScratchDirectory()
        try await OpenSSLTool.require(
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem"], in: directory)
        try await OpenSSLTool.require(
            ["pkey", "-in", "rsa.pem", "-traditional", "-out", "rsa-traditional.pem"], in: directory)
        try await OpenSSLTool.require(
            ["rsa", "-in", "rsa.pem", "-RSAPublicKey_out", "-out", "rsa-public.pem"], in: directory)
        try await OpenSSLTool.require(
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"], in: directory)
        try await OpenSSLTool.require(
            ["pkey", "-in", "ec.pem", "-traditional", "-out", "ec-traditional.pem"], in: directory)

        let rsaTraditional = try directory.readText("rsa-traditional.pem")
        #expect(rsaTraditional.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"), "openssl wrote PKCS#1: \(rsaTraditional)")
        let rsa = try SigningKey(pemRepresentation: try directory.readText("rsa.pem"))
        #expect(try SigningKey(pemRepresentation: rsaTraditional).jwk == rsa.jwk, "PKCS#1 RSA PEM loads the same key")
        let rsaPublic = try VerificationKey(pemRepresentation: try directory.readText("rsa-public.pem"))
        #expect(try rsaPublic.jwk == rsa.verificationKey.jwk, "an RSA PUBLIC KEY block loads the same public key")

        let ecTraditional = try directory.readText("ec-traditional.pem")
        #expect(ecTraditional.hasPrefix("-----BEGIN EC PRIVATE KEY-----"), "openssl wrote RFC 5915: \(ecTraditional)")
        let ec = try SigningKey(pemRepresentation: try directory.readText("ec.pem"))
        #expect(
            try SigningKey(pemRepresentation: ecTraditional).jwk == ec.jwk, "an EC PRIVATE KEY block loads the same key"
        )
    }

    @Test("RSA-1024 from openssl is weak")
    func weakRSA() async throws {
        let directory = try ScratchDirectory()
        try await OpenSSLTool.require(
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "weak.pem"], in: directory)
        try await OpenSSLTool.require(["pkey", "-in", "weak.pem", "-pubout", "-out", "weak-public.pem"], in: directory)
        let privatePEM = try directory.readText("weak.pem")
        let publicPEM = try directory.readText("weak-public.pem")
        expectCryptoError(.weakKey, "a 1024-bit RSA private key must be rejected as weak") {
            try SigningKey(pemRepresentation: privatePEM)
        }
        expectCryptoError(.weakKey, "a 1024-bit RSA public key must be rejected as weak") {
            try VerificationKey(pemRepresentation: publicPEM)
        }
    }

    @Test("secp256k1 from openssl is unsupported")
    func otherCurve() async throws {
        let directory = try ScratchDirectory()
        try await OpenSSLTool.require(
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", "k1.pem"], in: directory)
        let pem = try directory.readText("k1.pem")
        expectCryptoError(.unsupportedAlgorithm, "ES256K keys are not among the supported curves") {
            try SigningKey(pemRepresentation: pem)
        }
    }

    // MARK: - Command lines

    private func verifyArguments(_ testCase: Case, message: String) -> [String] {
        guard let digest = testCase.digestOption else {
            return [
                "pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-in", message,
                "-sigfile", "signature.bin",
            ]
        }
        return ["dgst", digest, "-verify", "public.pem", "-signature", "signature.bin", message]
    }

    private func signArguments(_ testCase: Case) -> [String] {
        guard let digest = testCase.digestOption else {
            return [
                "pkeyutl", "-sign", "-inkey", "private.pem", "-rawin", "-in", "message.bin", "-out", "signature.bin",
            ]
        }
        return ["dgst", digest, "-sign", "private.pem", "-out", "signature.bin", "message.bin"]
    }

    /// openssl reads and writes ECDSA signatures as DER, while JWS uses R ‖ S.
    private func toolEncoding(of signature: Data, keyType: KeyType) -> Data {
        guard keyType == .ecP256 || keyType == .ecP384 else { return signature }
        let half = signature.count / 2
        return derEncoding(r: signature.prefix(half), s: signature.suffix(half))
    }

    private func kitEncoding(of signature: Data, keyType: KeyType) throws -> Data {
        switch keyType {
        case .ecP256: try rawSignature(fromDER: signature, byteCount: 32)
        case .ecP384: try rawSignature(fromDER: signature, byteCount: 48)
        default: signature
        }
    }
}

// MARK: - Support

/// Decodes a DER ECDSA signature into R ‖ S, each left-padded to `byteCount`.
///
/// It is written independently of the kit, and it reads only the short-form DER lengths
/// that P-256 and P-384 signatures have.
func rawSignature(fromDER der: Data, byteCount: Int) throws -> Data {
    var bytes = Array(der)
    func take(_ count: Int) throws -> [UInt8] {
        try #require(bytes.count >= count, "the DER signature ends early")
        defer { bytes.removeFirst(count) }
        return Array(bytes.prefix(count))
    }
    func integer() throws -> Data {
        let header = try take(2)
        try #require(header[0] == 0x02, "each DER signature value is an INTEGER")
        let value = try take(Int(header[1])).drop { $0 == 0 }
        try #require(value.count <= byteCount, "the INTEGER fits the curve size")
        return Data(repeating: 0, count: byteCount - value.count) + value
    }
    let header = try take(2)
    try #require(header[0] == 0x30 && header[1] < 0x80, "a DER signature is a short SEQUENCE")
    return try integer() + integer()
}

/// The `openssl` command-line tool, run as a child process.
enum OpenSSLTool {
    /// The `openssl` executable on `PATH`, or `nil` when there is none.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("openssl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Runs `openssl` with `arguments` in `directory` on a thread of its own and returns
    /// its exit status and combined standard output and error.
    static func run(_ arguments: [String], in directory: ScratchDirectory) async throws -> (
        status: Int32, output: String
    ) {
        try await onOwnThread { try runBlocking(arguments, in: directory) }
    }

    /// Runs `openssl` and returns its combined output, recording a failed requirement unless
    /// it exits with status 0.
    @discardableResult
    static func require(
        _ arguments: [String], in directory: ScratchDirectory, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let result = try await run(arguments, in: directory)
        try #require(
            result.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(result.output)",
            sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs `openssl` and blocks the calling thread until the tool exits.
    ///
    /// Call it only from work that already has a thread of its own.
    static func runBlocking(_ arguments: [String], in directory: ScratchDirectory) throws -> (
        status: Int32, output: String
    ) {
        let executable: URL = try #require(Self.executable, "openssl is on PATH")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Runs `openssl` on the calling thread and throws unless it exits with status 0.
    static func requireBlocking(_ arguments: [String], in directory: ScratchDirectory) throws {
        let result = try runBlocking(arguments, in: directory)
        try #require(
            result.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(result.output)")
    }
}

/// A new temporary directory, removed with its contents when the object goes away.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("labkit-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func write(_ data: Data, to name: String) throws {
        try data.write(to: url.appendingPathComponent(name))
    }

    func write(_ text: String, to name: String) throws {
        try write(Data(text.utf8), to: name)
    }

    func read(_ name: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(name))
    }

    func readText(_ name: String) throws -> String {
        String(decoding: try read(name), as: UTF8.self)
    }
}
