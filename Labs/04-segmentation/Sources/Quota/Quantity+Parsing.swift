import Foundation
import LabKit

extension Quantity {
    /// The power of ten of each decimal SI suffix.
    static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    /// The power of two of each binary SI suffix.
    static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

    /// Parses a quantity as the Kubernetes API server does.
    ///
    /// The grammar of `resource.Quantity`: an optional sign, a number (`5`, `5.`, `.5`, `1.5`),
    /// then one suffix: decimal SI (`n u m k M G T P E` or none), binary SI (`Ki Mi Gi Ti Pi Ei`)
    /// or a decimal exponent (`e3`, `E-2`). Values finer than a billionth are rounded up, away
    /// from zero, to the next billionth (`0.1n` is `1n`), so that asking for a little never
    /// becomes asking for nothing.
    ///
    /// - Throws: ``QuotaError`` with code `invalidQuantity` naming the text, for an empty text, a
    ///   missing or doubled number, a misspelt suffix such as `1K` or `1mi`, spaces, or a number
    ///   with more than 18 significant digits or an exponent beyond ±60.
    public init(parsing text: String) throws {
        // TODO: Part 6 — sign, number, suffix (decimalSuffixes, binarySuffixes or an exponent), an exact
        // value in nanos rounded up, and the format; throw QuotaError(.invalidQuantity, …) naming the text.
        throw LabKitError.notImplemented("parse a quantity", part: 6)
    }

    /// The canonical text of the quantity, as Kubernetes writes it back.
    ///
    /// The rules of `Quantity.CanonicalizeBytes`: no fractional digits, and the largest
    /// exponent that loses nothing, in the quantity's own format.
    /// - Decimal SI: a whole number times a power of 1000 (`1.5` → `1500m`, `2000` → `2k`).
    /// - Decimal exponent: the same, written `e3` and so on (`1000` → `1e3`), with no suffix for 10⁰.
    /// - Binary SI: a whole number times a power of 1024 (`1.5Gi` → `1536Mi`, `1.5Ki` → `1536`);
    ///   a value below 1024 in magnitude, or one that is not whole, is written in decimal SI.
    /// - Zero is `0`; a negative value starts with `-`.
    public var description: String {
        // TODO: Part 6 — the canonical text: no fraction, the largest exponent that loses nothing, in
        // the quantity's format.
        return ""
    }

}
