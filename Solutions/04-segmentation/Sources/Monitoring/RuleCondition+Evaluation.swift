extension RuleCondition {
    /// Evaluates the condition on one event.
    ///
    /// `and` and `or` stop at the first operand that decides the result. A check on a field the event
    /// lacks is false for every operator, `!=` included, and only `exists` tests whether the field is
    /// there. So on a process start `not fd.name = /etc/passwd` is true, but `fd.name != /etc/passwd`
    /// is false, which is how Falco treats missing fields.
    ///
    /// - Throws: ``MonitoringRuleError`` with code `undefinedMacro` for a macro that was not
    ///   replaced by its condition, `unknownField`, or `invalidValue` for a value the parser would
    ///   have rejected.
    public func evaluate(on event: RuntimeEvent) throws -> Bool {
        switch self {
        case .and(let left, let right):
            return try left.evaluate(on: event) && right.evaluate(on: event)
        case .or(let left, let right):
            return try left.evaluate(on: event) || right.evaluate(on: event)
        case .not(let operand):
            return try !operand.evaluate(on: event)
        case .macro(let name):
            throw MonitoringRuleError(
                .undefinedMacro, "macro '\(name)' was not expanded; compile conditions with MonitoringRuleSet")
        case .check(let name, let op, let values):
            guard let field = RuntimeEventField.named(name) else {
                throw MonitoringRuleError(.unknownField, "unknown field '\(name)'")
            }
            let value = event.value(of: field)
            if op == .exists {
                return value != nil
            }
            guard let value else {
                return false
            }
            return try Self.compare(value, op, values, field: name)
        }
    }

    private static func compare(
        _ value: RuntimeEventValue, _ op: RuleConditionOperator, _ values: [String], field: String
    ) throws -> Bool {
        switch value {
        case .text(let text):
            return try compare(text: text, op, values, field: field)
        case .number(let number):
            let operands = try values.map { text in
                guard let operand = RuleCondition.number(from: text) else {
                    throw MonitoringRuleError(.invalidValue, "\(field) is a number, so '\(text)' cannot match it")
                }
                return operand
            }
            return try compare(number: number, op, operands, field: field)
        case .boolean(let flag):
            let operands = try values.map { text in
                guard let operand = RuleCondition.boolean(from: text) else {
                    throw MonitoringRuleError(.invalidValue, "\(field) is true or false, so '\(text)' cannot match it")
                }
                return operand
            }
            return try compare(equatable: flag, op, operands, field: field)
        }
    }

    private static func compare(
        text: String, _ op: RuleConditionOperator, _ values: [String], field: String
    ) throws -> Bool {
        let first = values.first ?? ""
        switch op {
        case .contains: return text.contains(first)
        case .icontains: return text.lowercased().contains(first.lowercased())
        case .startswith: return text.hasPrefix(first)
        case .endswith: return text.hasSuffix(first)
        case .pmatch: return values.contains { isPath(text, equalToOrBelow: $0) }
        default: return try compare(equatable: text, op, values, field: field)
        }
    }

    private static func compare(
        number: Int64, _ op: RuleConditionOperator, _ values: [Int64], field: String
    ) throws -> Bool {
        let first = values.first ?? 0
        switch op {
        case .less: return number < first
        case .lessOrEqual: return number <= first
        case .greater: return number > first
        case .greaterOrEqual: return number >= first
        default: return try compare(equatable: number, op, values, field: field)
        }
    }

    /// Compares with `=`, `!=` and `in`, the operators every kind of field supports.
    private static func compare<Value: Equatable>(
        equatable value: Value, _ op: RuleConditionOperator, _ values: [Value], field: String
    ) throws -> Bool {
        switch op {
        case .equal: return values.first == value
        case .notEqual: return values.first != value
        case .in: return values.contains(value)
        default: throw MonitoringRuleError(.invalidValue, "operator '\(op.rawValue)' does not apply to \(field)")
        }
    }

    /// Returns whether `path` is `prefix` itself or a path below it, comparing whole path components,
    /// so `/etc` matches `/etc/passwd` but not `/etcetera`.
    private static func isPath(_ path: String, equalToOrBelow prefix: String) -> Bool {
        let directory = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        return path == directory || path.hasPrefix(directory + "/")
    }
}
