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
        // TODO: Part 6 — accept 1 to 9 ASCII digits and nothing else, in amountRange.
        throw LabKitError.notImplemented("check an amount in cents", part: 6)
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
        // TODO: Part 6 — match the HTML Standard's valid e-mail address and the RFC 5321 lengths.
        throw LabKitError.notImplemented("check an e-mail address", part: 6)
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
        // TODO: Part 6 — trim spaces, then check the length and reject control characters.
        throw LabKitError.notImplemented("check a customer name", part: 6)
    }

    /// Escapes text for an HTML element's content or a quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#x27;` (OWASP
    /// Cross-Site Scripting Prevention Cheat Sheet, output encoding for HTML contexts).
    ///
    /// The text is read once, character by character, so an entity the function writes
    /// is never escaped a second time.
    public static func escapeHTML(_ text: String) -> String {
        // TODO: Part 6 — replace the five characters. Returning the text unchanged, as now,
        // lets a stored name inject markup into every page that shows it.
        return text
    }
}
