import Foundation
import Grading
import LabKit
import Testing

@Suite("Child process environment")
struct ChildProcessTests {
    @Test("the edition is chosen by LABKIT_SOLUTIONS")
    func editionVariable() {
        #expect(ChildProcess.environment(solutions: true)["LABKIT_SOLUTIONS"] == "1")
        #expect(
            ChildProcess.environment(solutions: false)["LABKIT_SOLUTIONS"] == nil,
            "a scaffold build must not inherit the grader's own LABKIT_SOLUTIONS")
    }

    @Test("test runs get a parallelism cap")
    func parallelismCap() throws {
        let environment = ChildProcess.environment(solutions: false)
        let value = try #require(
            environment[ChildProcess.parallelismVariable], "the grader must cap how many tests run at once")
        let width = try #require(Int(value), "the cap must be a number, not \(value)")
        #expect(width >= 2, "a cap below two would run a student's tests one by one")
    }
}

@Suite("Child process signals")
struct ChildProcessSignalTests {
    @Test("a child can be stopped with SIGTERM")
    func childReceivesSIGTERM() async throws {
        // The shell signals itself. A mask inherited from the grader's thread would block it.
        let output = try await onOwnThread {
            try ChildProcess.run(
                ["/bin/sh", "-c", "kill -TERM $$; echo survived"], in: FileManager.default.temporaryDirectory,
                environment: ProcessInfo.processInfo.environment, timeout: .seconds(30))
        }
        #expect(
            output.termination == .signaled(SIGTERM),
            "SIGTERM must end the child, so that a stopped test run can clean up: \(output.termination), \(output.standardOutput)"
        )
    }
}
