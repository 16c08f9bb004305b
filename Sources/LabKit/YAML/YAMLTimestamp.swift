import Foundation

/// Parses YAML timestamps, the ISO 8601 subset that YAML 1.1 defines and RFC 3339 uses.
///
/// The grammar comes from the YAML 1.1 timestamp type (<https://yaml.org/type/timestamp.html>):
///
/// - a date alone, `2027-02-14`, which is midnight UTC;
/// - a date and time separated by `T`, `t` or spaces, `2027-02-14T23:59:00`, with optional
///   fractional seconds;
/// - an optional time zone after the time: `Z`, `±hh`, `±hh:mm` or `±hhmm`, optionally after spaces.
///
/// A date and time without a time zone is UTC, as YAML 1.1 specifies. Write the zone for a
/// deadline, because a reader would otherwise assume local time.
enum YAMLTimestamp {
    /// Returns the instant that the text names, or nil when it is no valid timestamp.
    static func date(from text: String) -> Date? {
        var cursor = Cursor(Array(text.utf8))
        guard let day = cursor.calendarDay() else { return nil }
        if cursor.isAtEnd {
            return Date(timeIntervalSince1970: TimeInterval(day * secondsPerDay))
        }
        guard cursor.timeSeparator(), let time = cursor.timeOfDay() else { return nil }
        guard let offset = cursor.zoneOffset(), cursor.isAtEnd else { return nil }
        let seconds = day * secondsPerDay + time.seconds - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + time.fraction)
    }

    private static let secondsPerDay = 86_400

    /// Returns the number of days from 1970-01-01 to a date of the proleptic Gregorian calendar.
    ///
    /// This is Howard Hinnant's `days_from_civil`
    /// (<https://howardhinnant.github.io/date_algorithms.html#days_from_civil>): it counts in
    /// 400-year eras that start on March 1, so that the leap day falls at the end of a year.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Returns the number of days in a month of the proleptic Gregorian calendar.
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

// MARK: - Cursor

extension YAMLTimestamp {
    /// A position in the timestamp's bytes, with one method per grammar element.
    private struct Cursor {
        private var bytes: ArraySlice<UInt8>

        init(_ bytes: [UInt8]) {
            self.bytes = bytes[...]
        }

        var isAtEnd: Bool { bytes.isEmpty }

        /// Reads `yyyy-m-d` (month and day of one or two digits) and returns the days since 1970.
        mutating func calendarDay() -> Int? {
            guard let year = number(digits: 4...4), skip("-"), let month = number(digits: 1...2), skip("-"),
                let day = number(digits: 1...2)
            else { return nil }
            guard (1...12).contains(month), (1...YAMLTimestamp.daysInMonth(month, year: year)).contains(day) else {
                return nil
            }
            return YAMLTimestamp.daysSinceEpoch(year: year, month: month, day: day)
        }

        /// Reads `T`, `t` or one or more spaces or tabs.
        mutating func timeSeparator() -> Bool {
            if skip("T") || skip("t") { return true }
            return skipBlanks() > 0
        }

        /// Reads `h:mm:ss` with optional fractional seconds and returns the time since midnight.
        mutating func timeOfDay() -> (seconds: Int, fraction: Double)? {
            guard let hour = number(digits: 1...2), skip(":"), let minute = number(digits: 2...2), skip(":"),
                let second = number(digits: 2...2)
            else { return nil }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            var fraction = 0.0
            if skip(".") {
                let digits = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                bytes = bytes.dropFirst(digits.count)
                fraction = Double("0." + String(decoding: digits, as: UTF8.self)) ?? 0
            }
            return (hour * 3600 + minute * 60 + second, fraction)
        }

        /// Reads an optional zone after optional blanks and returns its offset from UTC in seconds.
        mutating func zoneOffset() -> Int? {
            _ = skipBlanks()
            if isAtEnd { return 0 }
            if skip("Z") || skip("z") { return 0 }
            let sign: Int
            if skip("+") {
                sign = 1
            } else if skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(digits: 1...2), hours < 24 else { return nil }
            _ = skip(":")
            let minutes = isAtEnd ? 0 : number(digits: 2...2)
            guard let minutes, minutes < 60 else { return nil }
            return sign * (hours * 3600 + minutes * 60)
        }

        private mutating func number(digits range: ClosedRange<Int>) -> Int? {
            let digits = bytes.prefix(range.upperBound).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard range.contains(digits.count) else { return nil }
            bytes = bytes.dropFirst(digits.count)
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }

        private mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard bytes.first == UInt8(ascii: character) else { return false }
            bytes = bytes.dropFirst()
            return true
        }

        private mutating func skipBlanks() -> Int {
            let blanks = bytes.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            bytes = bytes.dropFirst(blanks.count)
            return blanks.count
        }
    }
}
