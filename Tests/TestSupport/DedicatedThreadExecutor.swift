import Foundation
import Testing

/// A task executor with threads of its own.
///
/// Many tests run the built binaries with a blocking wait, which holds a thread of Swift's
/// cooperative pool (only as wide as the machine has cores: 2 in CI) for seconds. Swift Testing
/// starts every test at once, so a few such tests starve every other task: a login waiting to
/// answer the browser, a token that expires in 30 s. Tests that block run on ``blocking``, tests
/// whose progress must never wait run on ``waiters``, through the traits below.
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// For tests that block on child processes: up to 8 at once, none on the cooperative pool.
    public static let blocking = DedicatedThreadExecutor(name: "blocking-tests", threads: 8)
    /// For tests that wait on sockets and must answer promptly.
    public static let waiters = DedicatedThreadExecutor(name: "waiting-tests", threads: 2)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(name: String, threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in run() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs every test of a suite (or one test) on a ``DedicatedThreadExecutor``.
public struct DedicatedThreadTrait: SuiteTrait, TestTrait, TestScoping {
    let executor: DedicatedThreadExecutor

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(executor) { try await function() }
    }
}

extension Trait where Self == DedicatedThreadTrait {
    /// The test blocks on child processes: run it off the cooperative pool.
    public static var blocking: Self { DedicatedThreadTrait(executor: .blocking) }
    /// The test waits on sockets and must not queue behind blocking tests.
    public static var waiting: Self { DedicatedThreadTrait(executor: .waiters) }
}
