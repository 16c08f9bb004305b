public import LabKit

extension TrustStrategy {
    /// Returns a function that the TLS handshake calls with the peer's certificates, and
    /// that decides with this strategy.
    ///
    /// The function:
    /// 1. parses each DER certificate of ``TLSPeerCertificates/chain`` with
    ///    ``Certificate/init(derEncoded:)``, and rejects the handshake when one does not
    ///    parse, naming its position;
    /// 2. evaluates a ``PresentedChain`` of them, with ``TLSPeerCertificates/serverName``
    ///    as the expected name;
    /// 3. accepts when the strategy returns a path, and otherwise rejects with the error's
    ///    description as the reason (such as `unknownIssuer: no path from …`), so that the
    ///    failed handshake reports the reason.
    ///
    /// The verifier runs inside the handshake, so it must not block or wait.
    public func peerVerifier() -> TLSPeerVerifier {
        // TODO: Part 5 — parse each DER certificate, evaluate a PresentedChain with the server
        // name, and return .accept or .reject(reason:) with the error's description.
        { _ in .reject(reason: "TrustStrategy.peerVerifier() is not implemented yet (handout part 5)") }
    }
}
