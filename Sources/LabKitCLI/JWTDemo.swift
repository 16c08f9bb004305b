import Foundation
import JWTLifecycle
import LabKit

/// `labkit serve jwt` and `labkit bench jwt`: the Lab 2 authorization and resource services
/// on 127.0.0.1, built only from the `JWTLifecycle` module's public API, so that they run
/// the student's own code unless `LABKIT_SOLUTIONS=1` chose the reference solution.
enum JWTDemo {
    /// The `iss` of the demo's tokens and the `aud` of its refresh tokens.
    static let issuer = "https://auth.lab.test"
    /// The `aud` of the demo's access tokens, which the resource service checks.
    static let audience = "orders"

    /// Starts the authorization service and a resource service, prints the demo user's
    /// password and `curl` commands, and runs until the process is interrupted.
    ///
    /// - Parameters:
    ///   - port: The authorization service's port on 127.0.0.1; 0 lets the system choose.
    ///     The resource service always gets a free port.
    ///   - logger: Where both services log.
    static func serve(port: UInt16, logger: Logger) async throws {
        let demo = try await JWTDeployment.start(authorizationPort: port, logger: logger)
        // Written unbuffered: print's buffer would hold the text back while stdout is a pipe.
        FileHandle.standardOutput.write(Data((demo.instructions + "\n").utf8))
        logger.info(
            "JWT demo started",
            metadata: [
                "authorization": demo.authorizationAddress.description, "resource": demo.resourceAddress.description,
            ])
        let signal = await InterruptSignal.wait()
        logger.info("stopping the JWT demo", metadata: ["signal": signal])
        await demo.stop()
        logger.info("JWT demo stopped")
    }

    /// Measures tokens signed and verified per second for each algorithm, through the lab's
    /// JWT layer and, as the baseline, as the bare OpenSSL operation on the same bytes.
    ///
    /// - Parameter seconds: Seconds spent on each side of each measurement, split into
    ///   slices that alternate between the baseline and the JWT layer, so that load from
    ///   other processes falls on both alike.
    /// - Returns: A Markdown table with one row per algorithm and operation.
    static func benchmark(seconds: Int) throws -> String {
        var rows: [JWTBenchmark.Row] = []
        for subject in try JWTBenchmark.Subject.all() {
            rows += try JWTBenchmark.measure(subject, seconds: Double(seconds))
        }
        return JWTBenchmark.table(rows)
    }

    /// Runs `body`, turning a scaffold's "not implemented" error into one that names the
    /// parts the command needs and how to run the reference solution instead.
    ///
    /// - Parameters:
    ///   - command: The command, `serve` or `bench`.
    ///   - parts: The handout parts the command runs, such as `1–3`.
    static func requireImplemented<Result>(for command: String, parts: String, _ body: () throws -> Result) throws
        -> Result
    {
        do {
            return try body()
        } catch let error as LabKitError where error.code == .notImplemented {
            throw LabKitError(
                .notImplemented,
                """
                `\(command) jwt` runs your Lab 2 code from Labs/, which needs Parts \(parts) and is not finished: \(error.message)
                Finish those parts, or run the reference solution: LABKIT_SOLUTIONS=1 swift run labkit \(command) jwt
                """)
        }
    }
}

// MARK: - The demo deployment

/// The servers of `labkit serve jwt`: the authorization service and a resource service
/// that share one SQLite file, as in the lab's tests.
private struct JWTDeployment {
    static let username = "ada"

    let authorizationAddress: SocketAddress
    let resourceAddress: SocketAddress
    let password: String
    let databasePath: String
    private let servers: [HTTPServer]

    static func start(authorizationPort: UInt16, logger: Logger) async throws -> JWTDeployment {
        let databasePath = FileManager.default.temporaryDirectory
            .appendingPathComponent("labkit-jwt-demo-\(UUID().uuidString).sqlite").path
        do {
            return try start(databasePath: databasePath, authorizationPort: authorizationPort, logger: logger)
        } catch {
            // An unfinished scaffold or a port in use ends the command, so nothing will use the file.
            removeDatabase(at: databasePath)
            throw error
        }
    }

    private static func start(databasePath: String, authorizationPort: UInt16, logger: Logger) throws
        -> JWTDeployment
    {
        let keyRing = KeyRing(
            initial: .init(keyID: "es256-1", key: try SigningKey.generate(.ecP256), algorithm: .es256))
        // The recommended scrypt cost, as a deployment would use: each login takes a noticeable moment.
        let configuration = ServiceConfiguration(issuer: JWTDemo.issuer, audience: JWTDemo.audience)
        let service = try AuthorizationService(
            database: try SQLiteDatabase(path: databasePath), keyRing: keyRing, configuration: configuration,
            clock: SystemClock())

        let password = SecureBytes.random(count: 12).base64URLEncodedString
        try JWTDemo.requireImplemented(for: "serve", parts: "1–6") {
            try service.register(username: username, password: password)
            // One round trip through the lifecycle, so that an unfinished part shows up now
            // rather than as a failing curl command later.
            let pair = try service.login(username: username, password: password)
            _ = try service.verifyAccessToken(pair.accessToken)
            try service.logout(pair.refreshToken)
        }

        let authorization = HTTPServer(
            configuration: .init(port: authorizationPort), logger: logger,
            handler: AuthorizationEndpoints.handler(for: service, logger: logger))
        let resource = HTTPServer(
            logger: logger,
            handler: ResourceEndpoint.handler(realm: JWTDemo.audience) { try service.verifyAccessToken($0) })
        let authorizationAddress = try authorization.start()
        let resourceAddress = try resource.start()
        return JWTDeployment(
            authorizationAddress: authorizationAddress, resourceAddress: resourceAddress, password: password,
            databasePath: databasePath, servers: [authorization, resource])
    }

    func stop() async {
        for server in servers {
            await server.stop()
        }
        Self.removeDatabase(at: databasePath)
    }

    private static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    var instructions: String {
        let login = #"{"username":"\#(Self.username)","password":"\#(password)"}"#
        return """
            Authorization service on http://\(authorizationAddress) (POST /login, /refresh, /logout;
            GET /.well-known/jwks.json), resource service on http://\(resourceAddress)/orders.
            Tokens are ES256, signed by key es256-1; the SQLite file is \(databasePath).

            Demo user (new password on every start): \(Self.username) / \(password)

            Try, in one shell (the commands share variables):
              AUTH=http://\(authorizationAddress); API=http://\(resourceAddress)/orders
              field() { sed -E "s/.*\\"$1\\":\\"([^\\"]*)\\".*/\\1/"; }

              # The public key set: kid, alg, use and the public members only
              curl -s $AUTH/.well-known/jwks.json; echo

              # 200: log in and keep both tokens (the access token lasts 1 h, the refresh token 2 h)
              TOKENS=$(curl -s -H 'Content-Type: application/json' -d '\(login)' $AUTH/login); echo "$TOKENS"
              ACCESS=$(echo "$TOKENS" | field access_token); REFRESH=$(echo "$TOKENS" | field refresh_token)

              # 200: the resource accepts the access token
              curl -i -H "Authorization: Bearer $ACCESS" $API

              # 401: no token; the challenge names the realm only
              curl -i $API

              # 401 invalid_token: the access token with another token's signature
              curl -i -H "Authorization: Bearer $(echo $ACCESS | cut -d. -f1,2).$(echo $REFRESH | cut -d. -f3)" $API

              # 401 invalid_token: alg none with the same claims and no signature
              curl -i -H "Authorization: Bearer eyJhbGciOiJub25lIn0.$(echo $ACCESS | cut -d. -f2)." $API

              # 401 invalid_token: a refresh token is not an access token (its aud is the issuer)
              curl -i -H "Authorization: Bearer $REFRESH" $API

              # 200: refresh; the response is a new pair, and the old pair is revoked
              NEW=$(curl -s -H 'Content-Type: application/json' -d "{\\"refresh_token\\":\\"$REFRESH\\"}" $AUTH/refresh); echo "$NEW"
              NEW_ACCESS=$(echo "$NEW" | field access_token)
              curl -s -o /dev/null -w '%{http_code} for the new access token, ' -H "Authorization: Bearer $NEW_ACCESS" $API
              curl -s -o /dev/null -w '%{http_code} for the old one\\n' -H "Authorization: Bearer $ACCESS" $API

              # 400 invalid_grant: the old refresh token again looks stolen, so every token of the user is revoked
              curl -i -H 'Content-Type: application/json' -d "{\\"refresh_token\\":\\"$REFRESH\\"}" $AUTH/refresh
              curl -s -o /dev/null -w '%{http_code} for the new access token after the reuse\\n' -H "Authorization: Bearer $NEW_ACCESS" $API

              # 204: log in again and log out; the access token of that login stops working at once
              TOKENS=$(curl -s -H 'Content-Type: application/json' -d '\(login)' $AUTH/login)
              ACCESS=$(echo "$TOKENS" | field access_token); REFRESH=$(echo "$TOKENS" | field refresh_token)
              curl -i -H 'Content-Type: application/json' -d "{\\"refresh_token\\":\\"$REFRESH\\"}" $AUTH/logout
              curl -s -o /dev/null -w '%{http_code} for the access token after logout\\n' -H "Authorization: Bearer $ACCESS" $API

            Press Ctrl-C to stop.
            """
    }
}

// MARK: - Signing and verification throughput

/// Tokens signed and verified per second through the lab's JWT layer, next to the bare
/// OpenSSL operation on the same signing input.
private enum JWTBenchmark {
    /// One algorithm with its key, a signed token and the bytes that token's signature covers.
    struct Subject {
        let algorithm: String
        let secret: Data?
        let key: SigningKey?
        let signatureAlgorithm: SignatureAlgorithm?
        /// The ring that signs through the lab's layer, or `nil` for HS256, which has no ring.
        let ring: KeyRing?
        let claims: JWTClaims
        let token: String
        let signingInput: Data
        let signature: Data
        let verifier: TokenVerifier

        static func all() throws -> [Subject] {
            let now = Date().timeIntervalSince1970
            // Claims of the size the demo issues; exp lies beyond any run's end.
            let claims = JWTClaims(
                iss: JWTDemo.issuer, sub: "ada", aud: [JWTDemo.audience], exp: now + 86_400, iat: now,
                jti: UUID().uuidString)
            return try JWTDemo.requireImplemented(for: "bench", parts: "1–3") {
                var subjects = [try hmac(claims: claims)]
                for (keyType, algorithm) in [
                    (KeyType.rsa(bits: 2048), SignatureAlgorithm.rs256), (.ecP256, .es256), (.ed25519, .edDSA),
                ] {
                    subjects.append(try asymmetric(try SigningKey.generate(keyType), algorithm, claims: claims))
                }
                return subjects
            }
        }

        private static func hmac(claims: JWTClaims) throws -> Subject {
            let secret = SecureBytes.random(count: 32)
            let token = try signHS256(claims, secret: secret)
            let verifier = TokenVerifier(
                keys: ["hs256-1": .hmacSHA256(secret: secret)], policy: policy, clock: SystemClock())
            return try Subject(
                algorithm: "HS256", secret: secret, key: nil, signatureAlgorithm: nil, ring: nil, claims: claims,
                token: token,
                verifier: verifier)
        }

        private static func asymmetric(_ key: SigningKey, _ algorithm: SignatureAlgorithm, claims: JWTClaims) throws
            -> Subject
        {
            let keyID = "\(algorithm.rawValue.lowercased())-1"
            let ring = KeyRing(initial: .init(keyID: keyID, key: key, algorithm: algorithm))
            let verifier = TokenVerifier(
                keys: [keyID: .publicKey(key.verificationKey, algorithm)], policy: policy, clock: SystemClock())
            return try Subject(
                algorithm: algorithm.rawValue, secret: nil, key: key, signatureAlgorithm: algorithm, ring: ring,
                claims: claims, token: try ring.sign(claims), verifier: verifier)
        }

        private init(
            algorithm: String, secret: Data?, key: SigningKey?, signatureAlgorithm: SignatureAlgorithm?, ring: KeyRing?,
            claims: JWTClaims, token: String, verifier: TokenVerifier
        ) throws {
            self.algorithm = algorithm
            self.secret = secret
            self.key = key
            self.signatureAlgorithm = signatureAlgorithm
            self.ring = ring
            self.claims = claims
            self.token = token
            self.verifier = verifier
            let jws = try CompactJWS(parsing: token)
            signingInput = jws.signingInput
            signature = jws.signature
            // A benchmark of a verifier that rejects its own tokens would measure the wrong path.
            _ = try verifier.verify(token)
        }

        private static var policy: ClaimsPolicy {
            ClaimsPolicy(issuer: JWTDemo.issuer, audience: JWTDemo.audience)
        }

        /// Signs through the lab's layer.
        ///
        /// HS256 has no key ring, so its header and claims are encoded as `KeyRing.sign`
        /// encodes them and signed with `HS256.sign`.
        func signThroughJWTLayer() throws -> String {
            if let ring {
                return try ring.sign(claims)
            }
            return try Self.signHS256(claims, secret: secret ?? Data())
        }

        private static func signHS256(_ claims: JWTClaims, secret: Data) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let header = try encoder.encode(JWTHeader(alg: "HS256", kid: "hs256-1"))
            return HS256.sign(header: header, payload: try encoder.encode(claims), secret: secret)
        }

        /// Signs the signing input with OpenSSL directly.
        func signDirectly() throws -> Data {
            if let key, let signatureAlgorithm {
                return try key.signature(for: signingInput, using: signatureAlgorithm)
            }
            return HMAC.authenticationCode(for: signingInput, key: secret ?? Data(), digest: .sha256)
        }

        /// Checks the signature with OpenSSL directly.
        func verifyDirectly() throws -> Bool {
            if let key, let signatureAlgorithm {
                return try key.verificationKey.isValidSignature(signature, for: signingInput, using: signatureAlgorithm)
            }
            return HMAC.isValidAuthenticationCode(signature, for: signingInput, key: secret ?? Data(), digest: .sha256)
        }
    }

    struct Row {
        var algorithm: String
        var operation: String
        var directRate: Double
        var layerRate: Double
    }

    static func measure(_ subject: Subject, seconds: Double) throws -> [Row] {
        let signing = try alternate(
            seconds: seconds, direct: { _ = try subject.signDirectly() },
            layer: { _ = try subject.signThroughJWTLayer() })
        guard try subject.verifyDirectly() else {
            throw LabKitError(.invalidArgument, "OpenSSL rejected the \(subject.algorithm) benchmark token's signature")
        }
        let verifying = try alternate(
            seconds: seconds, direct: { _ = try subject.verifyDirectly() },
            layer: { _ = try subject.verifier.verify(subject.token) })
        return [
            Row(algorithm: subject.algorithm, operation: "sign", directRate: signing.direct, layerRate: signing.layer),
            Row(
                algorithm: subject.algorithm, operation: "verify", directRate: verifying.direct,
                layerRate: verifying.layer),
        ]
    }

    /// Runs `direct` and `layer` in alternating slices, `seconds` in all for each, and
    /// returns their operations per second.
    private static func alternate(seconds: Double, direct: () throws -> Void, layer: () throws -> Void) throws -> (
        direct: Double, layer: Double
    ) {
        let slices = 4
        var totals = (direct: (count: 0, seconds: 0.0), layer: (count: 0, seconds: 0.0))
        // Warm-up: caches, lazy OpenSSL initialization and the first allocation of each path.
        _ = try run(for: 0.05, direct)
        _ = try run(for: 0.05, layer)
        for _ in 0..<slices {
            let directSlice = try run(for: seconds / Double(slices), direct)
            totals.direct = (totals.direct.count + directSlice.count, totals.direct.seconds + directSlice.seconds)
            let layerSlice = try run(for: seconds / Double(slices), layer)
            totals.layer = (totals.layer.count + layerSlice.count, totals.layer.seconds + layerSlice.seconds)
        }
        return (Double(totals.direct.count) / totals.direct.seconds, Double(totals.layer.count) / totals.layer.seconds)
    }

    /// Calls `operation` until `seconds` have passed, reading the clock every 8 calls.
    private static func run(for seconds: Double, _ operation: () throws -> Void) throws -> (count: Int, seconds: Double)
    {
        let start = ContinuousClock.now
        let limit = Duration.nanoseconds(Int64(seconds * 1e9))
        var count = 0
        while true {
            for _ in 0..<8 {
                try operation()
            }
            count += 8
            let elapsed = ContinuousClock.now - start
            if elapsed >= limit {
                let components = elapsed.components
                return (count, Double(components.seconds) + Double(components.attoseconds) / 1e18)
            }
        }
    }

    static func table(_ rows: [Row]) -> String {
        var lines = [
            "| Algorithm | Operation | OpenSSL directly (ops/s) | Through the JWT layer (ops/s) | Overhead |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for row in rows {
            // The extra time per token, as a share of the bare OpenSSL operation's time.
            let overhead = (row.directRate / max(row.layerRate, 1e-9) - 1) * 100
            let cells = [
                row.algorithm, row.operation, String(format: "%.0f", row.directRate),
                String(format: "%.0f", row.layerRate), String(format: "%+.0f%%", overhead),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
