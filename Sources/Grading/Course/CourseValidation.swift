public import Foundation
import LabKit

extension CourseConfiguration {
    /// Reads and validates `grading/course.yaml`.
    ///
    /// - Throws: ``GradingError`` with `.invalidConfiguration` whose message names the file,
    ///   the field (`labs[0].parts[2].points`), the bad value and the fix. Unknown keys are
    ///   errors too, so that a misspelt optional field is never silently ignored.
    public static func load(from url: URL, labs: [LabDescriptor]? = nil) throws -> CourseConfiguration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GradingError(.invalidConfiguration, "cannot read the course configuration at \(url.path)")
        }
        var decoder = YAMLDecoder()
        decoder.rejectsUnknownKeys = true
        let course: CourseConfiguration
        do {
            course = try decoder.decode(CourseConfiguration.self, from: data)
        } catch {
            throw GradingError(.invalidConfiguration, "\(url.path): \(error)")
        }
        let problems = course.problems(knownLabs: labs)
        guard problems.isEmpty else {
            let list = problems.map { "  - \($0)" }.joined(separator: "\n")
            throw GradingError(.invalidConfiguration, "\(url.path) has \(problems.count) problem(s):\n\(list)")
        }
        return course
    }

    /// Every semantic problem of the configuration, each naming its field and the fix.
    /// - Parameter knownLabs: The labs the package declares, to check ids and modules against.
    public func problems(knownLabs: [LabDescriptor]? = nil) -> [String] {
        var problems: [String] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("title: must not be empty")
        }
        problems += latePolicy.problems(field: "latePolicy")
        problems += duplicates(labs.map(\.id)).map { "labs: the id \($0) appears more than once; ids must be unique" }
        for (index, lab) in labs.enumerated() {
            problems += lab.problems(field: "labs[\(index)]", knownLabs: knownLabs)
        }
        for (index, item) in extensions.enumerated() where lab(id: item.lab) == nil {
            let known = labs.map(\.id).joined(separator: ", ")
            problems.append("extensions[\(index)].lab: no lab has the id \(item.lab); use one of \(known)")
        }
        return problems
    }
}

extension LabConfiguration {
    func problems(field: String, knownLabs: [LabDescriptor]?) -> [String] {
        var problems: [String] = []
        if let knownLabs {
            if let known = knownLabs.first(where: { $0.id == id }) {
                if known.module != module {
                    problems.append(
                        "\(field).module: Package.swift builds the lab \(id) as \(known.module), not \(module)")
                }
            } else {
                let list = knownLabs.map(\.id).joined(separator: ", ")
                problems.append("\(field).id: Package.swift has no lab \(id); the labs are \(list)")
            }
        }
        if parts.isEmpty {
            problems.append("\(field).parts: a lab needs at least one part")
        }
        let numbers = parts.map(\.part)
        if numbers != Array(1...max(1, numbers.count)) && !parts.isEmpty {
            let list = numbers.map(String.init).joined(separator: ", ")
            problems.append("\(field).parts: parts must be numbered 1, 2, 3… in order, found \(list)")
        }
        for (index, part) in parts.enumerated() where part.points < 0 || !part.points.isFinite {
            problems.append("\(field).parts[\(index)].points: must be 0 or more, found \(part.points)")
        }
        for (test, weight) in weights.sorted(by: { $0.key < $1.key }) where weight <= 0 || !weight.isFinite {
            problems.append("\(field).weights.\(test): a weight must be more than 0, found \(weight)")
        }
        if let latePolicy {
            problems += latePolicy.problems(field: "\(field).latePolicy")
        }
        if let hiddenTests, hiddenTests.hasPrefix("/") || hiddenTests.split(separator: "/").contains("..") {
            // The grader masks this folder in the test process's view of the sandbox, so it
            // must stay inside the kit.
            problems.append(
                "\(field).hiddenTests: must be a folder inside the kit such as Tests/\(testTarget)/Hidden, "
                    + "found \(hiddenTests)")
        }
        return problems
    }
}

extension LatePolicy {
    func problems(field: String) -> [String] {
        var problems: [String] = []
        if !(0...100).contains(percent) {
            problems.append("\(field).percent: must be from 0 to 100, found \(percent)")
        }
        if !(0...100).contains(cap) {
            problems.append("\(field).cap: must be from 0 to 100, found \(cap)")
        }
        if graceMinutes < 0 {
            problems.append("\(field).graceMinutes: must be 0 or more, found \(graceMinutes)")
        }
        if (kind == .percentPerDay || kind == .percentPerHour) && percent == 0 {
            problems.append("\(field).percent: \(kind.rawValue) needs a percent above 0; use kind: none for no penalty")
        }
        return problems
    }
}

private func duplicates(_ values: [String]) -> [String] {
    var seen: Set<String> = []
    var repeated: [String] = []
    for value in values where !seen.insert(value).inserted && !repeated.contains(value) {
        repeated.append(value)
    }
    return repeated
}
