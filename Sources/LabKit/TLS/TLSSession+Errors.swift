import COpenSSL

extension TLSSession {
    /// Maps the `SSL_get_error` result of a failed call to an outcome, reading OpenSSL's
    /// error queue for a failure.
    func classify(_ error: Int32, state: State) -> Outcome {
        switch error {
        case SSL_ERROR_WANT_READ:
            return state.receivedEndOfFile ? .transportClosed : .needsInput
        case SSL_ERROR_ZERO_RETURN:
            return .closeNotify
        case SSL_ERROR_SYSCALL:
            // With memory BIOs this means the input reported end of file.
            ERR_clear_error()
            return .transportClosed
        case SSL_ERROR_SSL:
            let code = ERR_peek_error()
            let reason = labkit_err_get_reason(code)
            let message = OpenSSLError.lastMessage()
            if state.receivedEndOfFile && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING {
                return .transportClosed
            }
            return .failed(failure(reason: reason, openSSLMessage: message, state: state))
        default:
            let message = OpenSSLError.lastMessage()
            return .failed(TLSError(.protocolError, "TLS with \(peer) failed", openSSLMessage: message))
        }
    }

    /// The reasons OpenSSL gives when the first bytes of a connection are not a TLS record.
    private static let notTLSReasons: Set<Int32> = [
        SSL_R_WRONG_VERSION_NUMBER, SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST, SSL_R_PACKET_LENGTH_TOO_LONG,
        SSL_R_UNKNOWN_PROTOCOL, SSL_R_RECORD_LENGTH_MISMATCH,
    ]

    private func failure(reason: Int32, openSSLMessage: String, state: State) -> TLSError {
        if let rejection = check.rejection {
            return TLSError(
                .certificateRejected,
                "the certificate of \(peer) was rejected: \(rejection)",
                reason: rejection,
                openSSLMessage: openSSLMessage
            )
        }
        if (SSL_AD_REASON_OFFSET..<(SSL_AD_REASON_OFFSET + 256)).contains(reason) {
            return alertFailure(UInt8(reason - SSL_AD_REASON_OFFSET), openSSLMessage: openSSLMessage)
        }
        switch reason {
        case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
            return TLSError(
                .certificateRequired,
                "\(peer) sent no client certificate, but this server requires one (clientCertificateMode .require)",
                openSSLMessage: openSSLMessage
            )
        case _ where !state.isHandshakeComplete && Self.notTLSReasons.contains(reason):
            return TLSError(
                .notTLS,
                "\(peer) sent bytes that are not a TLS record; check that it speaks TLS on this port and not plain HTTP",
                openSSLMessage: openSSLMessage
            )
        case SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_NO_PROTOCOLS_AVAILABLE, SSL_R_VERSION_TOO_LOW:
            let configuration = context.configuration
            return TLSError(
                .handshakeFailed,
                "\(peer) and this side share no TLS version; this side accepts \(configuration.minimumVersion) to \(configuration.maximumVersion)",
                openSSLMessage: openSSLMessage
            )
        default:
            let phase = state.isHandshakeComplete ? "the TLS connection with" : "the TLS handshake with"
            return TLSError(
                state.isHandshakeComplete ? .protocolError : .handshakeFailed,
                "\(phase) \(peer) failed",
                openSSLMessage: openSSLMessage
            )
        }
    }

    /// Describes an alert the peer sent (RFC 8446 §6.2), with the likely fix for the
    /// alerts that mean it did not accept this side's certificate.
    private func alertFailure(_ alert: UInt8, openSSLMessage: String) -> TLSError {
        let name = String(cString: SSL_alert_desc_string_long(Int32(alert)))
        let hint: String
        switch alert {
        case 116:
            hint = "; the server requires a client certificate, so set certificateChainPEM and privateKeyPEM"
        case 42, 43, 44, 45, 46, 48:
            hint = "; the peer rejected this side's certificate"
        case 70:
            hint = "; the peer accepts none of the TLS versions this side offers"
        default:
            hint = ""
        }
        return TLSError(
            .alertReceived,
            "\(peer) aborted the TLS connection with alert \(alert) (\(name))\(hint)",
            alert: alert,
            openSSLMessage: openSSLMessage
        )
    }
}
