import Foundation
import Grading
import Testing

@Suite("Course configuration")
struct CourseConfigurationTests {
    let gateway = LabDescriptor(id: "gateway", folder: "01-gateway", module: "Gateway")

    func load(_ yaml: String) throws -> CourseConfiguration {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("course-\(UUID()).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try CourseConfiguration.load(from: url, labs: [gateway])
    }

    let valid = """
        title: "Course"
        latePolicy: { kind: percentPerHour, percent: 5, cap: 40 }
        labs:
          - id: gateway
            title: "Lab 1"
            module: Gateway
            deadline: 2027-02-14T23:59:00-05:00
            parts:
              - { part: 1, title: Routes, points: 10 }
              - { part: 2, title: Keys, points: 5.5 }
            weights:
              GatewayTests.Part1Routes/important(): 3
        extensions:
          - { student: s1, lab: gateway, deadline: 2027-02-16T23:59:00Z }
        """

    @Test("valid file loads with defaults")
    func validFile() throws {
        let course = try load(valid)
        let lab = try #require(course.lab(id: "gateway"))
        #expect(lab.testTarget == "GatewayTests", "the test target defaults to the module name plus Tests")
        #expect(lab.possiblePoints == 15.5)
        #expect(lab.deadline == Date(timeIntervalSince1970: 1_802_667_540), "the offset -05:00 must be applied")
        #expect(course.deadline(for: lab, student: "s1") == Date(timeIntervalSince1970: 1_802_822_340))
        #expect(course.deadline(for: lab, student: "s2") == lab.deadline, "extensions apply to their student only")
        #expect(lab.weight(ofTest: "GatewayTests.Part1Routes/important()/Part1Routes.swift:10:6") == 3)
        #expect(lab.weight(ofTest: "GatewayTests.Part1Routes/other()/Part1Routes.swift:20:6") == 1)
        #expect(course.latePolicy == LatePolicy(kind: .percentPerHour, percent: 5, cap: 40))
    }

    @Test(
        "invalid files name the field",
        arguments: [
            ("points: 10", "points: ten", "labs[0].parts[0].points", "line 9, column 43"),
            ("kind: percentPerHour", "kind: percentPerWeek", "latePolicy.kind", "percentPerHour, not percentPerWeek"),
            ("module: Gateway", "module: Gatway", "labs[0].module", "Gateway, not Gatway"),
            ("part: 1, title: Routes", "part: 3, title: Routes", "numbered 1, 2, 3", "found 3, 2"),
            ("lab: gateway, deadline", "lab: lab2, deadline", "extensions[0].lab", "no lab has the id lab2"),
            ("cap: 40", "cap: 140", "latePolicy.cap", "found 140"),
            ("weights:", "weigths:", "unknown key", "weigths"),
        ])
    func invalidFile(original: String, replacement: String, field: String, detail: String) throws {
        let broken = valid.replacingOccurrences(of: original, with: replacement)
        #expect(broken != valid, "the case must change the file")
        let error = #expect(throws: GradingError.self) { try load(broken) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(field) == true, "the message must name \(field): \(error?.message ?? "")")
        #expect(error?.message.contains(detail) == true, "the message must say \(detail): \(error?.message ?? "")")
    }

    @Test("missing file named in the error")
    func missingFile() {
        let error = #expect(throws: GradingError.self) {
            try CourseConfiguration.load(from: URL(fileURLWithPath: "/nonexistent/course.yaml"))
        }
        #expect(error?.message.contains("/nonexistent/course.yaml") == true)
    }
}
