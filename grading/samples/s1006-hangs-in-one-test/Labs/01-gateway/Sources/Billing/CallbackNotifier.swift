public import Foundation
public import LabKit

/// Sends the notification about a new invoice to its callback URL.
///
/// The billing service calls this only with a URL that
/// ``CallbackURLPolicy/validate(_:)`` returned.
public protocol CallbackNotifier: Sendable {
    /// Notifies `url` that `invoice` was created.
    func notify(_ url: URL, about invoice: Invoice) async
}

/// A notifier that only logs what it would send.
///
/// NOTE: The lab never fetches callback URLs: a real notifier would `POST` the invoice
/// to the URL over HTTPS, and would check the resolved address again (see the
/// handout's "Going further" on DNS rebinding).
public struct LoggingCallbackNotifier: CallbackNotifier {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func notify(_ url: URL, about invoice: Invoice) async {
        logger.info(
            "would notify the callback URL", metadata: ["invoice": String(invoice.id), "url": url.absoluteString])
    }
}
