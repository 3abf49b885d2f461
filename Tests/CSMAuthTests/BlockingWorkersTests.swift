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
    @Test func jobsSubmittedTogetherFromManyThreadsRunOnceEachAndAllAtOnce() {
        // Waves of jobs submitted concurrently while the previous wave's workers are going idle:
        // each job must run exactly once, and all of a wave at the same time (each waits at a
        // barrier until the whole wave has arrived), whichever worker or new thread takes it.
        let workers = BlockingWorkers()
        let width = 12
        final class Runs: @unchecked Sendable {
            // @unchecked: `counts` is only touched under `lock`.
            let lock = NSLock()
            var counts = [Int](repeating: 0, count: 12 * 30)
        }
        let runs = Runs()
        for wave in 0..<30 {
            let arrived = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.concurrentPerform(iterations: width) { index in
                let submitted = workers.submit {
                    runs.lock.withLock { runs.counts[wave * width + index] += 1 }
                    arrived.signal()
                    release.wait()
                    done.signal()
                }
                #expect(submitted)
            }
            for _ in 0..<width { arrived.wait() }
            for _ in 0..<width { release.signal() }
            for _ in 0..<width { done.wait() }
        }
        #expect(runs.lock.withLock { runs.counts.allSatisfy { $0 == 1 } })
    }

    @Test func aJobMaySubmitAJobAndWaitForIt() {
        // Nested work (a job whose body needs another blocking job) must not wait behind itself.
        let workers = BlockingWorkers()
        let outer = DispatchSemaphore(value: 0)
        let started = workers.submit {
            let inner = DispatchSemaphore(value: 0)
            let nested = workers.submit { inner.signal() }
            if nested { inner.wait() }
            outer.signal()
        }
        #expect(started)
        outer.wait()
    }
}
