/// Threads for blocking work (a libcurl transfer, a libsecret call), kept for a few seconds after
/// their job so that the next job does not pay for a new thread, and never fewer than the jobs
/// waiting: a job is never queued behind another that may wait for it (a test's browser waiting
/// for the login's own code exchange), as it would be in a fixed-size pool.
final class BlockingWorkers: @unchecked Sendable {
    // @unchecked: `jobs` and `idle` are only touched with `condition` locked.
    static let shared = BlockingWorkers()

    /// How long a worker without a job waits for one before its thread ends.
    private static let idleSeconds = 5

    private let condition = SystemThread.Condition()
    private var jobs: [Job] = []
    private var idle = 0

    /// Runs `job` on a waiting worker, or on a new thread when none waits.
    /// - Returns: false when no thread could be started (the job will not run).
    func submit(_ body: @escaping @Sendable () -> Void) -> Bool {
        let job = Job(body)
        condition.lock()
        jobs.append(job)
        let enoughWorkers = idle >= jobs.count
        if enoughWorkers { condition.signal() }
        condition.unlock()
        if enoughWorkers { return true }
        if DetachedThread.start({ self.work() }) { return true }
        // No thread: take the job back, unless a worker that just became idle has taken it.
        condition.lock()
        defer { condition.unlock() }
        guard let index = jobs.firstIndex(where: { $0 === job }) else { return true }
        jobs.remove(at: index)
        return false
    }

    /// A worker's life: run jobs while there are any, wait for more, end after an idle wait.
    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job.body()
                condition.lock()
                continue
            }
            idle += 1
            condition.wait(while: { jobs.isEmpty }, timeout: .seconds(Self.idleSeconds))
            idle -= 1
            if jobs.isEmpty {
                condition.unlock()
                return
            }
        }
    }

    /// One job, with an identity so that a submit whose thread could not start takes back its own.
    private final class Job: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
