import Foundation
public import LabKit
import Synchronization

/// A man in the middle on loopback, which accepts a client's TLS connection with a
/// certificate of the attacker's choosing.
///
/// It opens its own TLS connection to the real server and relays the decrypted bytes both
/// ways, keeping a copy of what the client sent.
///
/// A client whose trust strategy accepts the proxy's certificate talks to the real server
/// as usual and never notices, while the proxy reads every request, passwords and tokens included.
/// A client that rejects the certificate aborts the handshake, and the proxy sees nothing.
///
/// ```swift
/// let proxy = try InterceptionProxy(presenting: attackerCertificate, upstream: server.address)
/// proxy.start()
/// // point the client at proxy.address instead of the server
/// ```
public final class InterceptionProxy: Sendable {
    private let listener: TLSListener
    private let upstream: SocketAddress
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var acceptLoop: Task<Void, Never>?
        var captured: [UInt8] = []
        var interceptedConnections = 0
        var failedHandshakes: [String] = []
    }

    /// The address clients connect to, on `127.0.0.1`.
    public var address: SocketAddress { listener.address }

    /// Binds a proxy that presents `identity` (certificate, then any intermediates to send)
    /// and relays to `upstream`.
    ///
    /// - Parameters:
    ///   - identity: The certificate the proxy shows clients, with its private key.
    ///   - chain: Intermediates sent after the certificate, such as the attacker's CA.
    ///   - upstream: The real server's address.
    ///   - port: The port to bind; 0 for any free one.
    public init(
        presenting identity: CertifiedKey, chain: [Certificate] = [], upstream: SocketAddress, port: UInt16 = 0,
        logger: Logger = .disabled
    ) throws {
        let configuration = TLSConfiguration.server(
            certificateChainPEM: Certificate.pemBundle([identity.certificate] + chain),
            privateKeyPEM: try identity.privateKeyPEM)
        self.listener = try TLSListener(configuration: configuration, port: port)
        self.upstream = upstream
        self.logger = logger
    }

    /// Starts accepting clients in the background.
    public func start() {
        let task = Task { [self] in await acceptLoop() }
        state.withLock { $0.acceptLoop = task }
    }

    /// Stops accepting clients and closes the listening socket.
    public func stop() {
        let task = state.withLock { $0.acceptLoop }
        task?.cancel()
        listener.close()
    }

    /// Everything the clients sent through the proxy, decrypted, in arrival order.
    public var capturedText: String {
        String(decoding: state.withLock { $0.captured }, as: UTF8.self)
    }

    /// How many clients completed a handshake with the proxy.
    public var interceptedConnections: Int {
        state.withLock { $0.interceptedConnections }
    }

    /// The error of each client handshake that failed, such as a client rejecting the
    /// certificate, timing out, or resetting the connection.
    public var failedHandshakes: [String] {
        state.withLock { $0.failedHandshakes }
    }

    /// Accepts clients until stopped; each handshake runs in a task of its own, so a client
    /// that stalls its handshake delays no other.
    private func acceptLoop() async {
        while !Task.isCancelled {
            let incoming: TLSListener.IncomingConnection
            do {
                incoming = try await listener.nextConnection()
            } catch is CancellationError {
                return
            } catch {
                logger.info("proxy stopped accepting", metadata: ["error": "\(error)"])
                return
            }
            Task { await intercept(incoming) }
        }
    }

    /// Completes the handshake with one client, then relays its traffic.
    private func intercept(_ incoming: TLSListener.IncomingConnection) async {
        let client: TLSStream
        do {
            client = try await incoming.handshake(timeout: .seconds(30))
        } catch let error as TLSError {
            logger.info("client rejected the proxy's certificate", metadata: ["error": "\(error)"])
            state.withLock { $0.failedHandshakes.append("\(error)") }
            return
        } catch {
            // A client timing out or resetting its connection in mid-handshake is that
            // client's failure; the proxy keeps serving the others.
            logger.info("client handshake with the proxy failed", metadata: ["error": "\(error)"])
            state.withLock { $0.failedHandshakes.append("\(error)") }
            return
        }
        state.withLock { $0.interceptedConnections += 1 }
        logger.info(
            "client completed the handshake with the proxy; relaying its traffic",
            metadata: ["client": client.peer.description])
        await relay(client)
    }

    /// Connects to the real server, accepting whatever it presents, and copies bytes both ways.
    private func relay(_ client: TLSStream) async {
        let server: TLSStream
        do {
            server = try await TLSStream.connect(
                to: upstream, serverName: nil,
                configuration: .client(verification: .insecureAcceptAnything), timeout: .seconds(30))
        } catch {
            logger.info("proxy could not reach the server", metadata: ["error": "\(error)"])
            await client.close()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.copy(from: client, to: server, capturing: true) }
            group.addTask { await self.copy(from: server, to: client, capturing: false) }
            // When either side hangs up, stop copying the other way too.
            await group.next()
            group.cancelAll()
        }
        await client.close()
        await server.close()
    }

    private func copy(from source: TLSStream, to destination: TLSStream, capturing: Bool) async {
        while true {
            guard let bytes = try? await source.read(timeout: .seconds(60)), !bytes.isEmpty else { break }
            if capturing {
                state.withLock { $0.captured += bytes }
            }
            guard (try? await destination.write(bytes, timeout: .seconds(30))) != nil else { break }
        }
    }
}
