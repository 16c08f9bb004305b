import Foundation
import Grading

/// `labkit check`: a student's own score, computed as the grader computes it.
struct CheckCommand: Command {
    static let name = "check"
    static let abstract =
        "Build and test your own code for a lab and show its points per part, as the grader scores it."
    static let usage = "labkit check LAB [--per-test SECONDS]"
    static let details = """
        Arguments:
          LAB                 The lab, such as gateway.

        Options:
          --per-test SECONDS  A test running longer is stopped and scored as timed out (default 60).

        Your code in Labs/ is built and the lab's tests run with the grader's runner, so a
        crash or a hang costs only the test that caused it. The score counts the tests
        you can see; the grader also runs hidden tests, which are not in your copy.

        Exit status 0 when every test passes, 1 otherwise.
        """

    var lab: String
    var perTest: Int

    init(arguments: inout ArgumentList) throws {
        perTest = try arguments.integerOption("--per-test", in: 1...3_600) ?? 60
        guard let lab = arguments.positional() else { throw UsageError("name the lab to check, such as gateway") }
        self.lab = lab
    }

    func run() async throws -> ExitStatus {
        let context = try CourseContext.load()
        guard let descriptor = try context.selectLabs([lab]).first, let config = context.course.lab(id: descriptor.id)
        else { throw UsageError("no lab named \(lab)") }
        let scratch = context.kit.appendingPathComponent(".build/labkit-check")
        print("Building \(descriptor.module) and its tests…")
        do {
            try SuiteRunner(packageDirectory: context.kit, scratchPath: scratch, solutions: false)
                .build(product: try LabCatalog.testProduct(in: context.kit))
        } catch let error as GradingError where error.code == .buildFailed {
            print("Your code does not compile yet; the grader would score it 0.\n\n\(error.message)")
            return .checkFailed
        }
        print("Running \(descriptor.testTarget)…")
        let runner = IsolatingRunner(
            packageDirectory: context.kit, scratchPath: scratch, solutions: false,
            limits: RunLimits(perTest: .seconds(perTest)))
        let outcome = try runner.run(descriptor)
        // A test skipped here needs a program this machine lacks, such as PyJWT. The grader's
        // machine has it, so the test is listed and left out of this score instead of failing.
        let visible = outcome.tests.filter { $0.part != nil && $0.status != .skipped }
        let skipped = outcome.tests.filter { $0.part != nil && $0.status == .skipped }
        let score = Scorer(lab: config).score(outcome.tests, reference: visible)
        print(CheckReport(lab: config, score: score, skipped: skipped).render())
        return score.tests.allSatisfy { $0.result.status == .passed } ? .success : .checkFailed
    }
}

/// The text `labkit check` prints: points per part, failing tests, total.
struct CheckReport {
    var lab: LabConfiguration
    var score: LabScore
    /// Tests this machine skipped, which `score` leaves out.
    var skipped: [TestResult] = []

    func render() -> String {
        var lines = ["", "\(lab.title)"]
        for part in score.parts {
            lines.append(
                "  Part \(part.part) — \(part.title): \(Format.points(part.earned))/\(Format.points(part.possible)) "
                    + "(\(part.passed)/\(part.total) tests)")
        }
        let failing = score.tests.filter { $0.result.status != .passed }
        if !failing.isEmpty {
            lines += ["", "Tests that did not pass:"]
            for test in failing {
                lines.append("  ✘ Part \(test.part) › \(test.result.name) — \(test.result.status.rawValue)")
                for message in test.result.messages.prefix(3) {
                    lines += message.split(separator: "\n").prefix(4).map { "      \($0)" }
                }
            }
        }
        if !skipped.isEmpty {
            lines += ["", "Skipped on this machine, so not counted here (the grader runs them):"]
            for test in skipped {
                let reason = test.messages.first.map { " — \(Self.skipReason(from: $0))" } ?? ""
                lines.append("  ○ Part \(test.part.map(String.init) ?? "?") › \(test.name)\(reason)")
            }
        }
        lines += ["", "Total: \(Format.points(score.earned))/\(Format.points(score.possible))"]
        return lines.joined(separator: "\n")
    }

    /// Returns the reason in Swift Testing's skip message, `Test "name" skipped: "reason"`.
    static func skipReason(from message: String) -> String {
        guard let marker = message.range(of: " skipped: ") else { return message }
        let reason = message[marker.upperBound...]
        guard reason.count >= 2, reason.hasPrefix("\""), reason.hasSuffix("\"") else { return String(reason) }
        return String(reason.dropFirst().dropLast())
    }
}
