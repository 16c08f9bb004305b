import LabKit
import Synchronization

/// A running cluster on loopback: every pod's TCP container ports are real HTTP servers on
/// `127.0.0.1`, and every connection passes through the policy decision before it is made.
///
/// ``connect(from:to:port:)`` calls ``PolicyEngine/decide(from:to:port:protocol:)`` first. A
/// denied connection is dropped before any socket is opened, as a policy-enforcing network
/// plug-in drops the packets. An allowed one is a real HTTP request to the destination pod's
/// server. External addresses are never contacted: an allowed external destination is answered
/// by a local stand-in server on `127.0.0.1`, so tests can tell allowed from dropped egress
/// without traffic leaving the machine.
public final class SimulatedCluster: Sendable {
    /// The outcome of one connection attempt.
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        /// The destination's server responded, and the body names the pod (or stand-in) that responded.
        case served(body: String)
        /// The policies dropped the connection before it was made.
        case dropped(Verdict)
        /// The policies allowed it, but the destination pod declares no server on that port.
        case refused

        public var description: String {
            switch self {
            case .served(let body): "served: \(body)"
            case .dropped(let verdict): "dropped: \(verdict)"
            case .refused: "refused: nothing listens on that port"
            }
        }
    }

    /// The policies and pods being simulated.
    public let engine: PolicyEngine
    private let servers: [HTTPServer]
    /// Loopback address of each pod's declared TCP port, keyed by `namespace/name:port`.
    private let addresses: [String: SocketAddress]
    private let standInAddress: SocketAddress
    private let client = HTTPClient()
    private let counter: RequestCounter

    private init(
        engine: PolicyEngine, servers: [HTTPServer], addresses: [String: SocketAddress], standIn: SocketAddress,
        counter: RequestCounter
    ) {
        self.engine = engine
        self.servers = servers
        self.addresses = addresses
        standInAddress = standIn
        self.counter = counter
    }

    /// Starts one loopback HTTP server per declared TCP container port of every pod, and the
    /// stand-in for external addresses.
    ///
    /// - Throws: `LabKitError` when a server cannot listen.
    public static func start(engine: PolicyEngine) async throws -> SimulatedCluster {
        let counter = RequestCounter()
        var servers: [HTTPServer] = []
        var addresses: [String: SocketAddress] = [:]
        do {
            for pod in engine.cluster.pods {
                for port in pod.containerPorts where (port.protocol ?? "TCP") == "TCP" {
                    let name = "\(pod):\(port.containerPort)"
                    let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0)) { _ in
                        counter.record(name)
                        return HTTPResponse(status: .ok, text: name)
                    }
                    servers.append(server)
                    addresses[name] = try server.start()
                }
            }
            let standIn = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0)) { request in
                let destination = request.headers["X-Simulated-Destination"] ?? "?"
                counter.record(destination)
                return HTTPResponse(status: .ok, text: "stand-in for \(destination)")
            }
            servers.append(standIn)
            let standInAddress = try standIn.start()
            return SimulatedCluster(
                engine: engine, servers: servers, addresses: addresses, standIn: standInAddress, counter: counter)
        } catch {
            for server in servers {
                await server.stop()
            }
            throw error
        }
    }

    /// Opens a TCP connection from a pod to a pod or address, if the policies allow it, and
    /// sends one HTTP request.
    ///
    /// - Parameters:
    ///   - source: The source pod, `namespace/name`.
    ///   - destination: A pod, `namespace/name`, or an IP address (a pod's or an external one).
    ///   - port: The destination port.
    /// - Returns: ``Outcome/served(body:)`` with the responding server's name (`namespace/name:port`,
    ///   or `stand-in for ADDRESS:PORT`), ``Outcome/dropped(_:)`` with the verdict, or
    ///   ``Outcome/refused``.
    /// - Throws: `LabKitError` with `.invalidArgument` for an unknown pod or address, the errors of
    ///   your policy decision, and those of the HTTP exchange.
    public func connect(from source: String, to destination: String, port: Int) async throws -> Outcome {
        guard let sourcePod = engine.cluster.pod(source) else {
            throw LabKitError(.invalidArgument, "no pod named \(source); name a pod as namespace/name")
        }
        guard let target = engine.endpoint(destination) else {
            throw LabKitError(
                .invalidArgument, "no pod or address \(destination); name a pod as namespace/name or give an IP address"
            )
        }
        let verdict = try engine.decide(from: sourcePod, to: target, port: port, protocol: .tcp)
        guard verdict.isAllowed else { return .dropped(verdict) }

        var request = HTTPRequest(method: .get, target: "/")
        request.headers.add(name: "X-Simulated-Source", value: source)
        let address: SocketAddress
        switch target {
        case .pod(let pod):
            guard let podAddress = addresses["\(pod):\(port)"] else { return .refused }
            address = podAddress
        case .external(let external):
            // Never the real address: the stand-in on 127.0.0.1 responds in its place.
            request.headers.add(name: "X-Simulated-Destination", value: "\(external):\(port)")
            address = standInAddress
        }
        let response = try await client.send(request, to: address)
        return .served(body: String(decoding: response.body, as: UTF8.self))
    }

    /// Returns the number of requests a pod's servers (or, for `ADDRESS:PORT`, the stand-in
    /// for that external destination) have received.
    public func requestsReceived(by name: String) -> Int {
        counter.count(for: name)
    }

    /// Stops every server.
    public func stop() async {
        client.shutdown()
        for server in servers {
            await server.stop()
        }
    }
}

/// Counts requests per receiving pod port or external destination, shared with the handlers.
private final class RequestCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func record(_ name: String) {
        counts.withLock { $0[name, default: 0] += 1 }
    }

    func count(for name: String) -> Int {
        let prefix = name + ":"
        return counts.withLock { counts in
            counts.filter { $0.key == name || $0.key.hasPrefix(prefix) }.values.reduce(0, +)
        }
    }
}
