import Foundation

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
        var rest = Substring(text)
        var isNegative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            isNegative = sign == "-"
            rest = rest.dropFirst()
        }
        let integerDigits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(integerDigits.count)
        var fractionDigits = Substring("")
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fractionDigits.count)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else {
            throw Self.invalid(text, "it has no number; write one such as 500m or 128Mi")
        }
        let (decimalExponent, binaryExponent, format) = try Self.interpretSuffix(String(rest), in: text)

        let digits = (integerDigits + fractionDigits).drop { $0 == "0" }
        guard digits.count <= 18 else {
            throw Self.invalid(text, "it has more than 18 significant digits")
        }
        let magnitude = Self.nanos(
            digits: String(digits.isEmpty ? "0" : digits),
            powerOfTen: 9 + decimalExponent - fractionDigits.count,
            powerOfTwo: binaryExponent
        )
        // A binary quantity below 1 is written as a decimal one, as Kubernetes does.
        let finalFormat = format == .binarySI && magnitude < 1_000_000_000 && !magnitude.isZero ? .decimalSI : format
        self.init(nanos: isNegative ? -magnitude : magnitude, format: finalFormat)
    }

    /// Returns the decimal exponent, the binary exponent and the format of a suffix.
    private static func interpretSuffix(_ suffix: String, in text: String) throws -> (Int, Int, Format) {
        if let power = decimalSuffixes[suffix] {
            return (power, 0, .decimalSI)
        }
        if let power = binarySuffixes[suffix] {
            return (0, power, .binarySI)
        }
        if let marker = suffix.first, marker == "e" || marker == "E" {
            let exponent = suffix.dropFirst()
            let unsigned = exponent.first == "+" || exponent.first == "-" ? exponent.dropFirst() : exponent
            if !unsigned.isEmpty, unsigned.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(exponent) {
                guard (-60...60).contains(value) else {
                    throw invalid(text, "its exponent \(value) is outside -60 to 60")
                }
                return (value, 0, .decimalExponent)
            }
        }
        throw invalid(
            text,
            "unable to parse quantity's suffix \"\(suffix)\"; use n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent such as e3"
        )
    }

    /// Returns `digits × 10^powerOfTen × 2^powerOfTwo`, rounded up to a whole number.
    private static func nanos(digits: String, powerOfTen: Int, powerOfTwo: Int) -> Decimal {
        var value = Decimal(string: digits) ?? 0
        value *= Decimal(sign: .plus, exponent: powerOfTen, significand: 1)
        value *= Decimal(UInt64(1) << UInt64(powerOfTwo))
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .up)
        return rounded
    }

    private static func invalid(_ text: String, _ reason: String) -> QuotaError {
        QuotaError(.invalidQuantity, "invalid quantity \"\(text)\": \(reason)")
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
        guard !nanos.isZero else { return "0" }
        let sign = nanos < 0 ? "-" : ""
        let digits = Self.integerDigits(of: nanos < 0 ? -nanos : nanos)
        if format == .binarySI, let binary = Self.binaryText(nanoDigits: digits) {
            return sign + binary
        }
        // value = significant × 10^exponent, with the trailing zeros moved into the exponent.
        let trailingZeros = digits.reversed().prefix { $0 == "0" }.count
        var significant = String(digits.dropLast(trailingZeros))
        let exponent = trailingZeros - 9
        // Round the exponent down to a multiple of 3 and make up for it with zeros.
        let exponent3 = Int((Double(exponent) / 3).rounded(.down)) * 3
        significant += String(repeating: "0", count: exponent - exponent3)
        return sign + significant + Self.suffix(forPowerOfTen: exponent3, format: format)
    }

    private static func suffix(forPowerOfTen exponent: Int, format: Format) -> String {
        if format != .decimalExponent, let entry = decimalSuffixes.first(where: { $0.value == exponent }) {
            return entry.key
        }
        return exponent == 0 ? "" : "e\(exponent)"
    }

    /// The binary SI text of a value given as its digits in nanos, or `nil` when it must be
    /// written in decimal SI (below 1024, or not whole).
    private static func binaryText(nanoDigits: String) -> String? {
        guard nanoDigits.count > 9, nanoDigits.hasSuffix("000000000") else { return nil }
        guard var whole = UInt64(nanoDigits.dropLast(9)), whole >= 1024 else { return nil }
        var power = 0
        while whole % 1024 == 0 && power < 6 {
            whole /= 1024
            power += 1
        }
        let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        return "\(whole)\(suffixes[power])"
    }

    /// The decimal digits of a whole, non-negative `Decimal`, without exponent notation.
    static func integerDigits(of value: Decimal) -> String {
        var copy = value
        let text = NSDecimalString(&copy, nil)
        return text.contains(".") ? String(text.prefix { $0 != "." }) : text
    }
}
