import Foundation

/// Decoding of scalars into Swift values.
///
/// A plain scalar is typed by the YAML 1.2 core schema (YAML 1.2.2 §10.3.2), and a quoted or
/// block scalar is a string unless it has an explicit tag. So `port: 80` decodes as an `Int` and
/// as the `String` "80", while `port: "80"` decodes only as a `String`.
extension YAMLNodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        node.scalar?.isNull ?? false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let scalar = node.scalar, let value = scalar.boolValue(acceptingYAML11: state.acceptsYAML11Booleans)
        else {
            throw mismatch(type, expected: "true or false", hint: booleanHint)
        }
        return value
    }

    /// Decodes a string: the text of any scalar that does not mean null.
    ///
    /// A plain scalar's text is used as written, so `version: 1.10` gives "1.10" and `answer: yes`
    /// gives "yes". sigs.k8s.io/yaml differs here: it types the scalar first and formats the
    /// number or boolean back, giving "1.1" and "true".
    func decode(_ type: String.Type) throws -> String {
        guard let scalar = node.scalar, !scalar.isNull else {
            throw mismatch(
                type, expected: "a string", hint: node.scalar == nil ? nil : "write \"\" for an empty string")
        }
        return scalar.value
    }

    func decode(_ type: Double.Type) throws -> Double { try decodeFloatingPoint(type) }
    func decode(_ type: Float.Type) throws -> Float { try decodeFloatingPoint(type) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    /// Decodes any `Decodable`, reading `Date`, `URL`, `Data` and `Decimal` from scalars as
    /// Foundation's JSON decoder does.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self, let date = try decodeDate() as? T {
            return date
        }
        if type == URL.self, let url = try decodeURL() as? T {
            return url
        }
        if type == Data.self, let data = try decodeBase64() as? T {
            return data
        }
        if type == Decimal.self, let decimal = try decodeDecimal() as? T {
            return decimal
        }
        return try T(from: self)
    }

    // MARK: - Numbers

    /// Decodes an integer written in decimal, `0x` hexadecimal or `0o` octal.
    func decodeInteger<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        let expected = Integer.isSigned ? "a whole number" : "a whole number of 0 or more"
        guard let scalar = node.scalar, scalar.coreType == .int, let parts = YAMLScalar.integerParts(of: scalar.value)
        else {
            throw mismatch(type, expected: expected, hint: numberHint)
        }
        try rejectLeadingZero(parts, text: scalar.value)
        guard let value = YAMLScalar.integer(type, from: parts) else {
            throw invalidValue(
                "\(scalar.value) is out of range for \(place), which must be from \(Integer.min) to \(Integer.max)")
        }
        return value
    }

    /// Rejects decimal integers such as `0644`, which YAML 1.1 tools, Kubernetes among them, read as octal.
    private func rejectLeadingZero(_ parts: YAMLScalar.IntegerParts, text: String) throws {
        guard parts.hasAmbiguousLeadingZero else { return }
        throw invalidValue(
            "ambiguous whole number \(text) for \(place)",
            hint: "YAML 1.2 reads a leading zero as decimal, but YAML 1.1 tools such as Kubernetes read it as octal, "
                + "so write 0o\(parts.digits.drop { $0 == "0" }) for octal, or drop the leading zeros for decimal"
        )
    }

    /// Decodes a float from core schema float or integer text, including `.inf` and `.nan`.
    private func decodeFloatingPoint<Value: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: Value.Type
    ) throws -> Value {
        guard let scalar = node.scalar, scalar.coreType == .float || scalar.coreType == .int else {
            throw mismatch(type, expected: "a number", hint: numberHint)
        }
        if let special = YAMLScalar.specialFloat(scalar.value) {
            return Value(special)
        }
        if let parts = YAMLScalar.integerParts(of: scalar.value), parts.radix != 10 {
            return try Value(decodeInteger(Int64.self))
        }
        guard let value = Value(scalar.value), value.isFinite else {
            throw invalidValue("\(scalar.value) is out of range for \(place), a \(type)")
        }
        return value
    }

    // MARK: - Foundation types

    /// Decodes a timestamp such as `2027-02-14T23:59:00-05:00` (see ``YAMLTimestamp``).
    private func decodeDate() throws -> Date {
        let expected = "an ISO 8601 timestamp such as 2027-02-14T23:59:00-05:00"
        guard let scalar = node.scalar, !scalar.isNull else { throw mismatch(Date.self, expected: expected) }
        guard let date = YAMLTimestamp.date(from: scalar.value) else {
            throw mismatch(Date.self, expected: expected, hint: "check the month, day, hour and time zone")
        }
        return date
    }

    private func decodeURL() throws -> URL {
        let text = try decode(String.self)
        guard let url = URL(string: text) else {
            throw invalidValue("\(node.kindDescription) for \(place) is not a valid URL")
        }
        return url
    }

    /// Decodes base64 text, the form of YAML 1.1's `!!binary` (<https://yaml.org/type/binary.html>),
    /// ignoring the line breaks a block scalar keeps.
    private func decodeBase64() throws -> Data {
        let text = try decode(String.self).filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: text) else {
            throw invalidValue("the value for \(place) is not valid base64")
        }
        return data
    }

    /// Decodes a `Decimal` from the scalar's text, so that `0.1` keeps its exact decimal value.
    private func decodeDecimal() throws -> Decimal {
        guard let scalar = node.scalar, scalar.coreType == .int || scalar.coreType == .float,
            let decimal = Decimal(string: scalar.value, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw mismatch(Decimal.self, expected: "a decimal number", hint: numberHint)
        }
        return decimal
    }

    // MARK: - Hints

    /// Suggests removing quotes around a number, which make it a string.
    private var numberHint: String? {
        guard let scalar = node.scalar, scalar.style != .plain else { return nil }
        let looksNumeric = YAMLScalar.integerParts(of: scalar.value) != nil || YAMLScalar.isCoreFloat(scalar.value)
        return looksNumeric ? "remove the quotes so that it reads as a number" : nil
    }

    /// Suggests removing quotes around a boolean, or writing `true` or `false` for `y` and `n`.
    private var booleanHint: String? {
        guard let scalar = node.scalar else { return nil }
        if scalar.style != .plain, ["true", "false"].contains(scalar.value.lowercased()) {
            return "remove the quotes so that it reads as a boolean"
        }
        return ["y", "Y", "n", "N"].contains(scalar.value) ? "write true or false" : nil
    }
}
