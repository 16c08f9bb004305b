public import LabKit

/// Applies public key pinning on top of another strategy: the chain must be valid for
/// the name, and a key in it must be one the client expects.
///
/// Pinning narrows "any trusted CA may vouch for this server" to "only these keys". It is
/// worth its risk between parties that control both ends, such as a mobile app and its
/// API, and only with a backup pin, because a lost key with no backup locks every client
/// out until they update.
public struct PinningStrategy: TrustStrategy {
    /// The strategy that must accept the chain first, normally a ``StandardTrustStrategy``.
    public let base: any TrustStrategy
    /// The accepted keys.
    public let pins: PinSet

    public init(base: any TrustStrategy, pins: PinSet) {
        self.base = base
        self.pins = pins
    }

    /// Runs ``base``, then requires a pin of ``pins`` to match a key of the validated path.
    ///
    /// As in RFC 7469 §2.6, any certificate of the validated path may match, leaf,
    /// intermediate or root, so a client can pin its provider's CA instead of one server
    /// key. Only the path that ``base`` returns counts, never other presented certificates,
    /// because anyone can send a copy of the pinned certificate alongside their own.
    ///
    /// - Throws: what ``base`` throws, and ``TrustError/Code/pinMismatch`` naming the path's pins.
    public func evaluate(_ presented: PresentedChain) throws -> [Certificate] {
        // TODO: Part 4 — run the base strategy, then require a pinned key on the path it returns.
        throw LabKitError.notImplemented("apply pins on top of validation", part: 4, in: "PinningStrategy")
    }
}
