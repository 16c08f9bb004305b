import Foundation
import LabKit

/// Checks for the billing service's form fields, and escaping for its HTML output.
///
/// Each check accepts only the shape a valid value has (an allow list), rather than
/// looking for known-bad characters, and throws a ``ValidationError`` naming the field.
public enum InputValidation {
    /// The amounts an invoice may have, in cents: from 0.01 to 100,000.00.
    public static let amountRange = 1...10_000_000

    /// The maximum length of a customer name, in characters.
    public static let maximumCustomerNameLength = 100

    /// Reads an amount in cents.
    ///
    /// The text must be 1 to 9 ASCII digits and nothing else (no sign, space, decimal
    /// point, exponent or `0x`), and the number must lie in ``amountRange``. Checking the
    /// range stops negative amounts (a refund disguised as an invoice), zero, and sums
    /// that would overflow later.
    ///
    /// - Parameter text: The `amount_cents` field as sent.
    /// - Throws: ``ValidationError`` for the field `amount_cents`.
    public static func amountInCents(_ text: String) throws -> Int {
        let digits = Array(text.utf8)
        guard (1...9).contains(digits.count),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else {
            throw ValidationError(field: "amount_cents", reason: "must be 1 to 9 digits with no sign or decimal point")
        }
        // Nine digits stay below 10^9, so the sum cannot overflow.
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard amountRange.contains(value) else {
            throw ValidationError(
                field: "amount_cents",
                reason: "must be a whole number from \(amountRange.lowerBound) to \(amountRange.upperBound)")
        }
        return value
    }

    /// Checks an e-mail address against the HTML Standard's definition of a valid e-mail
    /// address (the one `<input type="email">` uses), and the length limits of
    /// RFC 5321 §4.5.3.1: 64 octets for the local part, 254 for the whole address.
    ///
    /// The HTML definition is a deliberate subset of RFC 5322: no quoted local parts, no
    /// comments, no IP-address literals, and no spaces or line breaks, which rules out
    /// header injection (`ann@example.com\r\nBcc: …`).
    ///
    /// - Parameter text: The `email` field as sent.
    /// - Returns: The address, unchanged.
    /// - Throws: ``ValidationError`` for the field `email`.
    public static func emailAddress(_ text: String) throws -> String {
        let invalid = ValidationError(field: "email", reason: "must be a valid e-mail address such as ann@example.com")
        let octets = Array(text.utf8)
        guard octets.count <= 254,
            let at = octets.firstIndex(of: UInt8(ascii: "@")),
            isLocalPart(octets[..<at]),
            isDomain(octets[(at + 1)...])
        else {
            throw invalid
        }
        return text
    }

    /// Checks a customer name: 1 to ``maximumCustomerNameLength`` characters after
    /// trimming spaces, with no control characters (such as a line break or NUL) and no
    /// Unicode line or paragraph separators.
    ///
    /// Names may contain any other character, `<` and `'` included: a name is data, and
    /// it is made safe where it is used, by binding in SQL and escaping in HTML.
    ///
    /// - Returns: The name with leading and trailing spaces removed.
    /// - Throws: ``ValidationError`` for the field `customer`.
    public static func customerName(_ text: String) throws -> String {
        var scalars = Substring(text).unicodeScalars
        while scalars.first == " " {
            scalars.removeFirst()
        }
        while scalars.last == " " {
            scalars.removeLast()
        }
        let name = String(scalars)

        guard (1...maximumCustomerNameLength).contains(name.count) else {
            throw ValidationError(
                field: "customer", reason: "must have 1 to \(maximumCustomerNameLength) characters besides spaces")
        }
        let forbidden: Set<Unicode.GeneralCategory> = [.control, .lineSeparator, .paragraphSeparator]
        guard !name.unicodeScalars.contains(where: { forbidden.contains($0.properties.generalCategory) }) else {
            throw ValidationError(field: "customer", reason: "must not contain control characters or line breaks")
        }
        return name
    }

    /// Escapes text for an HTML element's content or a quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#x27;` (OWASP
    /// Cross-Site Scripting Prevention Cheat Sheet, output encoding for HTML contexts).
    ///
    /// The text is read once, character by character, so an entity the function writes
    /// is never escaped a second time.
    public static func escapeHTML(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#x27;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    // MARK: - E-mail syntax

    /// The characters besides ASCII letters and digits that the HTML Standard allows in
    /// the local part of a valid e-mail address.
    private static let localPartSymbols = Set(".!#$%&'*+/=?^_`{|}~-".utf8)

    /// Returns whether the octets before the `@` are 1 to 64 allowed characters.
    private static func isLocalPart(_ octets: ArraySlice<UInt8>) -> Bool {
        (1...64).contains(octets.count)
            && octets.allSatisfy { isASCIIAlphanumeric($0) || localPartSymbols.contains($0) }
    }

    /// Returns whether the octets after the `@` are dot-separated labels of 1 to 63
    /// letters, digits and hyphens that neither start nor end with a hyphen.
    private static func isDomain(_ octets: ArraySlice<UInt8>) -> Bool {
        let labels = octets.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return isASCIIAlphanumeric(first) && isASCIIAlphanumeric(last)
                && label.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isASCIIAlphanumeric(_ octet: UInt8) -> Bool {
        switch octet {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }
}
