import Foundation
import JWTLifecycle
import LabKit
import Testing

/// Runs `python3` with a script and arguments, blocking the calling thread, and returns its
/// standard output, or `nil` when it cannot start or exits with a non-zero status.
private func runPythonBlocking(_ script: String, _ arguments: [String] = []) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        return nil
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Runs `python3` on a thread of its own, so that the shared test threads stay free.
private func runPython(_ script: String, _ arguments: [String] = []) async -> String? {
    (try? await onOwnThread { runPythonBlocking(script, arguments) }) ?? nil
}

/// Whether `python3` can import PyJWT and its `cryptography` backend.
private let pyJWTIsAvailable = runPythonBlocking("import jwt, cryptography") != nil

extension Part3KeySets {
    @Test(
        "tokens interoperate with PyJWT",
        .enabled(
            if: pyJWTIsAvailable,
            "needs python3 with PyJWT and cryptography: run scripts/install-dependencies, which installs the Debian packages python3-jwt and python3-cryptography"
        ))
    func tokensInteroperateWithPyJWT() async throws {
        // PyJWT checks exp against the real time, so this test's clock starts now.
        let clock = ManualClock(now: Date())
        let key = try SigningKey.generate(.ecP256)
        let ring = KeyRing(initial: .init(keyID: "es-1", key: key, algorithm: .es256))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pyjwt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let privatePEM = directory.appendingPathComponent("private.pem")
        let publicPEM = directory.appendingPathComponent("public.pem")
        try key.pemRepresentation.write(to: privatePEM, atomically: true, encoding: .utf8)
        try key.verificationKey.pemRepresentation.write(to: publicPEM, atomically: true, encoding: .utf8)

        // Our token, verified by PyJWT with the public key, audience and issuer.
        // Whole seconds, as issuers write them: PyJWT 2.6 rejects a fractional iat as not yet valid.
        let now = clock.now.timeIntervalSince1970.rounded(.down)
        let ours = try ring.sign(
            JWTClaims(
                iss: TokenFactory.issuer, sub: "ada", aud: [TokenFactory.audience], exp: now + 300, iat: now,
                jti: "ours-1"))
        let decoded = await runPython(
            """
            import sys, jwt
            claims = jwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=["ES256"],
                                audience=sys.argv[3], issuer=sys.argv[4])
            print(claims["sub"])
            """, [ours, publicPEM.path, TokenFactory.audience, TokenFactory.issuer])
        #expect(decoded == "ada", "PyJWT must verify a token from KeyRing.sign and read its subject")

        // PyJWT's token, verified by our verifier.
        let theirs = try #require(
            await runPython(
                """
                import sys, time, jwt
                now = int(time.time())
                print(jwt.encode({"iss": sys.argv[2], "aud": sys.argv[3], "sub": "grace", "iat": now,
                                  "exp": now + 300, "jti": "theirs-1"},
                                 open(sys.argv[1]).read(), algorithm="ES256", headers={"kid": "es-1"}))
                """, [privatePEM.path, TokenFactory.issuer, TokenFactory.audience]),
            "PyJWT must sign a token with the PEM private key")
        let verifier = try TokenVerifier(keySet: try ring.keySet, policy: TokenFactory.policy(), clock: clock)
        #expect(try verifier.verify(theirs).sub == "grace", "a PyJWT ES256 token must verify with the JWK Set")
    }
}
