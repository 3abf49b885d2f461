import Foundation
import Testing
@testable import CSMAuth

/// The threads blocking work runs on: reused when idle, never too few for jobs that wait on each other.
@Suite struct BlockingWorkersTests {
    @Test func jobsThatWaitForALaterJobAllFinish() async throws {
        // Eight jobs block until the ninth has run: a fixed pool of fewer threads would hang here.
        let gate = DispatchSemaphore(value: 0)
        let finished = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await DetachedThread.run {
                        gate.wait()
                        return index
                    }
                }
            }
            group.addTask {
                try await DetachedThread.run {
                    for _ in 0..<8 { gate.signal() }
                    return 8
                }
            }
            var all: [Int] = []
            for try await index in group { all.append(index) }
            return all.sorted()
        }
        #expect(finished == Array(0...8))
    }

    @Test func oneJobAtATimeKeepsToOneThread() async throws {
        // A pool of its own, so other tests' jobs do not share its workers.
        let workers = BlockingWorkers()
        var threads: [pthread_t] = []
        for _ in 0..<20 {
            let thread = await withCheckedContinuation { continuation in
                #expect(workers.submit { continuation.resume(returning: pthread_self()) })
            }
            threads.append(thread)
        }
        // A worker that has just resumed its caller is not idle yet, so the next job may start one
        // more thread; after that one of the two is always waiting.
        #expect(Set(threads).count <= 2)
    }

    @Test func errorsOfTheJobReachTheCaller() async {
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await DetachedThread.run { throw Failure() } }
    }
}
