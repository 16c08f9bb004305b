import Foundation

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
        let invalid = ValidationError(
            field: "amount_cents",
            reason: "must be a whole number of cents from \(amountRange.lowerBound) to \(amountRange.upperBound)"
        )
        guard (1...9).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw invalid
        }
        guard let amount = Int(text), amountRange.contains(amount) else {
            throw invalid
        }
        return amount
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
        let invalid = ValidationError(field: "email", reason: "must be a valid e-mail address such as name@example.com")
        guard text.utf8.count <= 254, text.range(of: emailPattern, options: .regularExpression) != nil else {
            throw invalid
        }
        guard let at = text.firstIndex(of: "@"), text[..<at].utf8.count <= 64 else {
            throw invalid
        }
        return text
    }

    /// The HTML Standard's "valid e-mail address" pattern, anchored at both ends.
    private static let emailPattern =
        #"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\z"#

    /// Checks a customer name: 1 to ``maximumCustomerNameLength`` characters after
    /// trimming horizontal white space, with no control characters (such as a line break
    /// or NUL) and no Unicode line or paragraph separators.
    ///
    /// Trimming removes `CharacterSet.whitespaces` (spaces, tabs and other horizontal
    /// spaces) at both ends only, so a trailing line break is not trimmed but rejected.
    /// Length counts `Character`s, as a reader would count letters.
    ///
    /// Names may contain any other character, `<` and `'` included: a name is data, and
    /// it is made safe where it is used, by binding in SQL and escaping in HTML.
    ///
    /// - Returns: The name with leading and trailing horizontal white space removed.
    /// - Throws: ``ValidationError`` for the field `customer`.
    public static func customerName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= maximumCustomerNameLength else {
            throw ValidationError(field: "customer", reason: "must have 1 to \(maximumCustomerNameLength) characters")
        }
        let forbidden: Set<Unicode.GeneralCategory> = [.control, .lineSeparator, .paragraphSeparator]
        guard !name.unicodeScalars.contains(where: { forbidden.contains($0.properties.generalCategory) }) else {
            throw ValidationError(field: "customer", reason: "must not contain control characters")
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
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#x27;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
