import Foundation
import Grading

/// Prints the grader's progress as one line per event, with an estimate of the time left.
struct ProgressPrinter: Sendable {
    /// Writes the progress line at once, unbuffered, so that a pipe or log file receives it
    /// as soon as the step is done.
    func print(_ progress: Grader.Progress) {
        say(line(for: progress))
    }

    /// Writes a line of text at once, after the text `print` has buffered,
    /// so that the output keeps its order in a file or a pipe.
    func say(_ text: String) {
        fflush(nil)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func line(for progress: Grader.Progress) -> String {
        switch progress {
        case .preparing(let step):
            return "· \(step)"
        case .started(let student, let lab, let index, let total):
            // This line avoids `[n/N]`, because `finished` lines use it for the count of finished
            // submissions, which differs from a submission's place when several jobs run.
            return "· \(student) \(lab): grading, submission \(index) of \(total)…"
        case .finished(let student, let lab, let outcome, let seconds, let done, let total, let left):
            var estimate = ""
            if done < total, let left { estimate = " — about \(Self.duration(left)) left" }
            return "[\(done)/\(total)] \(student) \(lab): \(outcome) in \(Self.duration(seconds))\(estimate)"
        case .skipped(let student, let lab, let reason):
            return "· \(student) \(lab): \(reason)"
        }
    }

    func summaryLine(_ summary: Grader.Summary) -> String {
        "Graded \(summary.graded), build failed \(summary.failedBuilds), rejected \(summary.rejected), "
            + "skipped \(summary.skipped), grader errors \(summary.errors)."
    }

    /// `42 s`, `3 min 5 s`, `1 h 2 min`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3_600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3_600) h \(total % 3_600 / 60) min"
    }
}
