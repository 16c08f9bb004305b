import LabKit

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
        // TODO: Part 7 — evaluate and/or/not recursively, extract each check's field with
        // event.value(of:), and compare it with the values by the operator, reading number and
        // boolean values with RuleCondition.number(from:) and RuleCondition.boolean(from:). A missing
        // field makes every check false except that `exists` tests for it.
        throw LabKitError.notImplemented("evaluate a condition on an event", part: 7)
    }
}
