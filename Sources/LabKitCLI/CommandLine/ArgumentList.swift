/// The arguments of one command, consumed as the command parses them.
///
/// Options are written `--name value` or `--name=value`; `--` ends the options. Whatever a
/// command leaves unconsumed is an error, so a mistyped option is never silently ignored.
struct ArgumentList {
    private var remaining: [String]

    init(_ arguments: [String]) {
        remaining = arguments
    }

    /// Whether `--help` or `-h` was given.
    var wantsHelp: Bool {
        remaining.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
    }

    /// Removes a flag such as `--verbose` and returns whether it was present.
    mutating func flag(_ name: String) -> Bool {
        guard let index = optionIndices.first(where: { remaining[$0] == name }) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// Removes every occurrence of an option with a value and returns the values in order.
    mutating func options(_ name: String) throws -> [String] {
        var values: [String] = []
        while let value = try option(name) {
            values.append(value)
        }
        return values
    }

    /// Removes the first occurrence of `--name value` or `--name=value` and returns the value.
    mutating func option(_ name: String) throws -> String? {
        for index in optionIndices {
            let argument = remaining[index]
            if argument == name {
                guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
                    throw UsageError("\(name) needs a value")
                }
                let value = remaining[index + 1]
                remaining.removeSubrange(index...index + 1)
                return value
            }
            if argument.hasPrefix(name + "=") {
                remaining.remove(at: index)
                return String(argument.dropFirst(name.count + 1))
            }
        }
        return nil
    }

    /// Removes an option whose value must be a whole number within `range`.
    mutating func integerOption(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
        }
        return value
    }

    /// Removes and returns the next positional argument, if any.
    mutating func positional() -> String? {
        if let index = remaining.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }),
            !remaining[..<index].contains("--")
        {
            return remaining.remove(at: index)
        }
        if let separator = remaining.firstIndex(of: "--"), separator + 1 < remaining.count {
            return remaining.remove(at: separator + 1)
        }
        return nil
    }

    /// Removes and returns the next positional argument, accepting a negative number such
    /// as `-2` that `positional()` would take for an option.
    mutating func positionalAllowingNegative() -> String? {
        if let index = remaining.firstIndex(where: { Double($0) != nil && $0.hasPrefix("-") }),
            !remaining[..<index].contains("--")
        {
            let candidate = remaining[..<index].firstIndex { !$0.hasPrefix("-") }
            if candidate == nil { return remaining.remove(at: index) }
        }
        return positional()
    }

    /// Throws when arguments remain that no parser consumed.
    func finish() throws {
        let leftovers = remaining.filter { $0 != "--" }
        guard leftovers.isEmpty else {
            let noun = leftovers.count == 1 ? "argument" : "arguments"
            throw UsageError("unexpected \(noun): \(leftovers.joined(separator: " "))")
        }
    }

    /// Indices of arguments before `--`.
    private var optionIndices: [Int] {
        let end = remaining.firstIndex(of: "--") ?? remaining.count
        return Array(0..<end)
    }
}
