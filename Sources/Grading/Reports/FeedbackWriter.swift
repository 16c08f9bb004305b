public import Foundation

/// Writes one Markdown feedback file per student and lab.
///
/// Each file gives the score per part, the late penalty, adjustments, and every failing
/// test with its message. Hidden tests are counted but not named until the lab's
/// deadline has passed, so that feedback cannot leak them while students can still submit.
public struct FeedbackWriter: Sendable {
    public var gradebook: Gradebook
    public var now: Date

    public init(gradebook: Gradebook, now: Date = Date()) {
        self.gradebook = gradebook
        self.now = now
    }

    /// Writes `DIRECTORY/<student>/<lab>.md` for every current score and returns the paths.
    public func write(to directory: URL, labs: [String]? = nil) throws -> [URL] {
        let stored = Dictionary(uniqueKeysWithValues: try gradebook.storedLabs().map { ($0.id, $0) })
        var written: [URL] = []
        for score in try gradebook.currentScores(labs: labs) {
            guard let lab = stored[score.lab] else { continue }
            let folder = directory.appendingPathComponent(score.student)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent("\(score.lab).md")
            try render(score, lab: lab).write(to: url, atomically: true, encoding: .utf8)
            written.append(url)
        }
        return written
    }

    /// The feedback text for one student's lab.
    public func render(_ score: CurrentScore, lab: StoredLab) throws -> String {
        let results = try gradebook.results(grading: score.gradingID)
        let parts = try gradebook.partScores(grading: score.gradingID)
        let lateness = try gradebook.lateness(grading: score.gradingID)
        let revealHidden = now >= lab.deadline
        var lines = [
            "# \(lab.title) — feedback for \(score.student)", "",
            "**Score: \(Format.points(score.total)) / \(Format.points(score.possible))**", "",
        ]
        if let submitted = lateness.submittedAt {
            lines.append("Submitted \(Timestamp.string(submitted)); due \(Timestamp.string(lab.deadline)).")
        }
        if score.penaltyPoints > 0 {
            lines.append(
                "Late by \(Self.duration(lateness.lateSeconds)): −\(Format.points(lateness.penaltyPercent))% "
                    + "of the points earned (−\(Format.points(score.penaltyPoints)) points).")
        }
        if score.adjustment != 0 {
            lines.append(
                "Manual adjustment: \(score.adjustment > 0 ? "+" : "")\(Format.points(score.adjustment)) points.")
        }
        if let message = try gradebook.gradingMessage(score.gradingID) {
            lines += [
                "", score.status == "build-failed" ? "## Build errors" : "## Submission problem", "", "```",
                message, "```",
            ]
        }
        lines += ["", "## Parts", "", "| Part | Points |", "| --- | --- |"]
        lines += parts.map {
            "| \($0.part). \($0.title) | \(Format.points($0.earned)) / \(Format.points($0.possible)) |"
        }
        lines += failingSection(results, revealHidden: revealHidden)
        return lines.joined(separator: "\n") + "\n"
    }

    private func failingSection(_ results: [StoredResult], revealHidden: Bool) -> [String] {
        let failing = results.filter { $0.status != .passed }
        guard !failing.isEmpty else { return ["", "Every test passed."] }
        var lines = ["", "## Tests that did not pass", ""]
        var hiddenCount = 0
        for result in failing {
            if result.hidden && !revealHidden {
                hiddenCount += 1
                continue
            }
            let label = result.hidden ? " (hidden test)" : ""
            lines.append("- **Part \(result.part): \(result.name)**\(label) — \(result.status.rawValue)")
            for (line, count) in Self.distinctLines(of: result.message ?? "").prefix(8) {
                lines.append("  > \(line)" + (count > 1 ? " (\(count) times)" : ""))
            }
        }
        if hiddenCount > 0 {
            lines.append("- \(hiddenCount) hidden test(s) did not pass; they are named after the deadline.")
        }
        return lines
    }

    /// Returns each different line of `message` once, in order, with how often it occurs.
    ///
    /// A parameterized test reports the same failure once per argument, and eight copies of
    /// one line would hide the next message.
    static func distinctLines(of message: String) -> [(line: Substring, count: Int)] {
        var counts: [Substring: Int] = [:]
        var order: [Substring] = []
        for line in message.split(separator: "\n") {
            if counts[line] == nil { order.append(line) }
            counts[line, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }

    static func duration(_ seconds: Double) -> String {
        let hours = Int((seconds / 3_600).rounded(.up))
        return hours < 48 ? "\(hours) h" : "\(Int((seconds / 86_400).rounded(.up))) days"
    }
}
