import Foundation
import LabKit

/// `labkit serve LAB`: runs a lab's services on loopback for trying with curl.
struct ServeCommand: Command {
    static let name = "serve"
    static let abstract = "Run a lab's services on 127.0.0.1 to try by hand with curl."
    static let usage = "labkit serve LAB [--port PORT] [--verbose]"
    static let details = """
        Arguments:
          LAB            The lab to serve: gateway (the API gateway and three backends),
                         jwt (the authorization service and a resource service), or
                         certificates (an HTTPS server and four interception proxies).

        Options:
          --port PORT    The port on 127.0.0.1 of the gateway, of jwt's authorization
                         service, or of the certificates HTTPS server, whose proxies take
                         the next four ports (default 8080; 0 picks free ports).
          --verbose      Log every request at debug level to standard error.

        The services are built from the lab's module as this build chose it: your own
        code from Labs/ by default, or the reference solution when the environment has
        LABKIT_SOLUTIONS=1. The command runs until interrupted with Ctrl-C.
        """

    var lab: String
    var port: UInt16
    var verbose: Bool

    init(arguments: inout ArgumentList) throws {
        guard let lab = arguments.positional() else { throw UsageError("name the lab to serve, such as gateway") }
        self.lab = lab
        port = UInt16(try arguments.integerOption("--port", in: 0...65_535) ?? 8080)
        verbose = arguments.flag("--verbose")
    }

    func run() async throws -> ExitStatus {
        let logger = Logger.standardError(label: lab, level: verbose ? .debug : .info)
        switch lab {
        case "gateway":
            // Unbuffered, so that the banner comes before the demo's own unbuffered output.
            FileHandle.standardOutput.write(Data((editionBanner + "\n").utf8))
            try await GatewayDemo.serve(port: port, logger: logger)
            return .success
        case "jwt":
            FileHandle.standardOutput.write(Data((editionBanner + "\n").utf8))
            try await JWTDemo.serve(port: port, logger: logger)
            return .success
        case "certificates":
            FileHandle.standardOutput.write(Data((editionBanner + "\n").utf8))
            try await CertificatesDemo.serve(port: port, logger: logger)
            return .success
        default:
            throw UsageError("no lab named \(lab) can be served yet; try gateway, jwt or certificates")
        }
    }

    /// The edition this tool was built with: `LABKIT_SOLUTIONS` at build time chooses it.
    private var editionBanner: String {
        #if LABKIT_SOLUTIONS
            "Serving the reference solution (built with LABKIT_SOLUTIONS=1)."
        #else
            "Serving your own code from Labs/ (set LABKIT_SOLUTIONS=1 for the reference solution)."
        #endif
    }
}
