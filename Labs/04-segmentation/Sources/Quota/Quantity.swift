public import Foundation

/// A Kubernetes resource quantity, such as `500m` CPU or `128Mi` of memory, held exactly.
///
/// The value is stored as a whole number of billionths (`nanos`), the finest precision a
/// Kubernetes quantity keeps, in a `Decimal`, so that `0.1 + 0.2` is exactly `0.3` and no
/// binary floating point is involved. The format remembers which kind of suffix the text
/// used, because the canonical text (``description``) is written in that kind again.
///
/// `k8s.io/apimachinery/pkg/api/resource.Quantity`. Parsing and formatting are Part 6; the
/// arithmetic below is given.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The three spellings of a quantity's exponent.
    public enum Format: String, Hashable, Sendable {
        /// Powers of 1000 by SI suffix: `n u m "" k M G T P E` (`500m`, `2k`).
        case decimalSI
        /// Powers of 1024 by IEC suffix: `Ki Mi Gi Ti Pi Ei` (`128Mi`).
        case binarySI
        /// A power of ten written `e` or `E` and an integer (`1e3`, `12E-3`).
        case decimalExponent
    }

    /// The value in billionths (10⁻⁹), always a whole number.
    public let nanos: Decimal
    /// The kind of suffix to write the value with.
    public let format: Format

    public init(nanos: Decimal, format: Format) {
        self.nanos = nanos
        self.format = format
    }

    /// The quantity 0, as the quota controller starts every `used` entry.
    public static let zero = Quantity(nanos: 0, format: .decimalSI)

    public var isZero: Bool { nanos.isZero }

    /// The sum; it keeps the left operand's format unless that operand is zero, as
    /// `Quantity.Add` does, so that `0 + 128Mi` is written `128Mi`.
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(nanos: lhs.nanos + rhs.nanos, format: lhs.isZero ? rhs.format : lhs.format)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.nanos < rhs.nanos
    }

    /// Compares values only: `1` and `1000m` are equal.
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.nanos == rhs.nanos
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nanos)
    }
}

/// A quantity, quota or admission failure, with the message Kubernetes gives.
public struct QuotaError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure, opaque so that new kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// A text that is not a Kubernetes quantity.
        public static let invalidQuantity = Code("invalidQuantity")
        /// Admitting the pod would take a namespace over one of its quotas.
        public static let exceeded = Code("exceeded")
        /// A container states no request or limit for a resource that a quota limits.
        public static let mustSpecify = Code("mustSpecify")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
