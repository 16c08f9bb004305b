import LabKit

// Stand-in until the gateway lab lands.
enum GatewayDemo {
    static func serve(port: UInt16, logger: Logger) async throws {}
    static func benchmark(requests: Int, connections: Int) async throws -> String { "" }
}
