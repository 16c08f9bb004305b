public import Foundation

/// The course as `grading/course.yaml` describes it: labs, parts, points, deadlines and
/// late policy.
///
/// The grader reads everything course-specific from here, so that adding a lab means
/// adding an entry, never changing the grader.
public struct CourseConfiguration: Sendable, Codable {
    /// The course's name, shown in reports and exports.
    public var title: String
    /// The late policy of every lab that does not set its own.
    public var latePolicy: LatePolicy
    public var labs: [LabConfiguration]
    /// Deadlines moved for single students.
    public var extensions: [Extension]

    public init(title: String, latePolicy: LatePolicy = .none, labs: [LabConfiguration], extensions: [Extension] = []) {
        self.title = title
        self.latePolicy = latePolicy
        self.labs = labs
        self.extensions = extensions
    }

    private enum CodingKeys: String, CodingKey {
        case title, latePolicy, labs, extensions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        latePolicy = try container.decodeIfPresent(LatePolicy.self, forKey: .latePolicy) ?? .none
        labs = try container.decode([LabConfiguration].self, forKey: .labs)
        extensions = try container.decodeIfPresent([Extension].self, forKey: .extensions) ?? []
    }

    /// The lab with this id.
    public func lab(id: String) -> LabConfiguration? {
        labs.first { $0.id == id }
    }

    /// The deadline that applies to one student, with any extension.
    public func deadline(for lab: LabConfiguration, student: String) -> Date {
        extensions.last { $0.student == student && $0.lab == lab.id }?.deadline ?? lab.deadline
    }
}

/// One lab's grading settings.
public struct LabConfiguration: Sendable, Codable {
    /// The lab's id, such as `gateway`; the folder is `Labs/NN-id`.
    public var id: String
    public var title: String
    /// The Swift module students write, such as `Gateway`.
    public var module: String
    /// The test target whose suites grade the lab, such as `GatewayTests`.
    public var testTarget: String
    /// When submissions are due; later submissions pay the late policy's penalty.
    public var deadline: Date
    public var parts: [PartConfiguration]
    /// Weights of single tests within their part, keyed by test id without its source
    /// location (`GatewayTests.Part1Routes/unknownPathIs404()`); unlisted tests weigh 1.
    public var weights: [String: Double]
    /// The folder of hidden tests, relative to the kit: never in the student edition, and
    /// named in feedback only after the deadline.
    public var hiddenTests: String?
    /// This lab's own late policy, replacing the course's.
    public var latePolicy: LatePolicy?

    public init(
        id: String, title: String, module: String, testTarget: String? = nil, deadline: Date,
        parts: [PartConfiguration], weights: [String: Double] = [:], hiddenTests: String? = nil,
        latePolicy: LatePolicy? = nil
    ) {
        self.id = id
        self.title = title
        self.module = module
        self.testTarget = testTarget ?? "\(module)Tests"
        self.deadline = deadline
        self.parts = parts
        self.weights = weights
        self.hiddenTests = hiddenTests
        self.latePolicy = latePolicy
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, module, testTarget, deadline, parts, weights, hiddenTests, latePolicy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        module = try container.decode(String.self, forKey: .module)
        testTarget = try container.decodeIfPresent(String.self, forKey: .testTarget) ?? "\(module)Tests"
        deadline = try container.decode(Date.self, forKey: .deadline)
        parts = try container.decode([PartConfiguration].self, forKey: .parts)
        weights = try container.decodeIfPresent([String: Double].self, forKey: .weights) ?? [:]
        hiddenTests = try container.decodeIfPresent(String.self, forKey: .hiddenTests)
        latePolicy = try container.decodeIfPresent(LatePolicy.self, forKey: .latePolicy)
    }

    /// The total points of the lab.
    public var possiblePoints: Double {
        parts.reduce(0) { $0 + $1.points }
    }

    /// The part with this number.
    public func part(_ number: Int) -> PartConfiguration? {
        parts.first { $0.part == number }
    }

    /// The weight of a test: the entry for its id without the source location, or 1.
    public func weight(ofTest id: String) -> Double {
        weights[TestIdentity.withoutSourceLocation(id)] ?? 1
    }
}

/// One part of a lab, matching the test suite whose display name starts `Part N`.
public struct PartConfiguration: Sendable, Codable {
    public var part: Int
    public var title: String
    /// Points shared among the part's tests by weight.
    public var points: Double

    public init(part: Int, title: String, points: Double) {
        self.part = part
        self.title = title
        self.points = points
    }
}

/// A later deadline for one student and lab.
public struct Extension: Sendable, Codable {
    public var student: String
    public var lab: String
    public var deadline: Date

    public init(student: String, lab: String, deadline: Date) {
        self.student = student
        self.lab = lab
        self.deadline = deadline
    }
}

/// Helpers for Swift Testing's test ids.
public enum TestIdentity {
    /// Drops a function id's trailing `/File.swift:line:column`, which moves whenever the
    /// test file is edited, leaving `Module.Suite/function()`.
    public static func withoutSourceLocation(_ id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        let last = id[id.index(after: slash)...]
        let isLocation = last.contains(".swift:") && last.split(separator: ":").count == 3
        return isLocation ? String(id[..<slash]) : id
    }
}
