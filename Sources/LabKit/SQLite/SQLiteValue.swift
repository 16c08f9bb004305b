public import Foundation

/// A value stored in or read from SQLite, one case per storage class.
///
/// Related SQLite documentation: <https://www.sqlite.org/datatype3.html>
public enum SQLiteValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): "'\(value)'"
        case .blob(let value): "x'\(value.hexString)'"
        }
    }

    /// The value as an integer, or `nil` unless it is stored as one.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as a floating-point number; integers convert, other classes are `nil`.
    public var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The value as text, or `nil` unless it is stored as text.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The value as bytes, or `nil` unless it is stored as a blob.
    public var blob: Data? {
        if case .blob(let value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension SQLiteValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// One result row: column names and their values.
public struct SQLiteRow: Sendable, CustomStringConvertible {
    public let columns: [String]
    public let values: [SQLiteValue]

    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the first column with this name (names compare case-insensitively,
    /// as in SQL), or `.null` when there is no such column.
    public subscript(column: String) -> SQLiteValue {
        guard let index = columns.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
            return .null
        }
        return values[index]
    }

    public subscript(index: Int) -> SQLiteValue {
        values[index]
    }

    public var description: String {
        zip(columns, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}
