import Glibc

/// Threads for blocking work (a libcurl transfer, a libsecret call), kept for a few seconds after
/// their job so that the next job does not pay for a new thread, and never fewer than the jobs
/// waiting: a job is never queued behind another that may wait for it (a test's browser waiting
/// for the login's own code exchange), as it would be in a fixed-size pool.
final class BlockingWorkers: @unchecked Sendable {
    // @unchecked: `jobs` and `idle` are only touched with `mutex` held.
    static let shared = BlockingWorkers()

    /// How long a worker without a job waits for one before its thread ends.
    private static let idleSeconds = 5

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var jobs: [Job] = []
    private var idle = 0

    init() {
        // Trivial C types: pthread_*_init initialises the raw memory.
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        let attributes = UnsafeMutablePointer<pthread_condattr_t>.allocate(capacity: 1)
        defer { attributes.deallocate() }
        pthread_condattr_init(attributes)
        pthread_condattr_setclock(attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, attributes)
        pthread_condattr_destroy(attributes)
    }

    /// Runs `job` on a waiting worker, or on a new thread when none waits.
    /// - Returns: false when no thread could be started (the job will not run).
    func submit(_ body: @escaping @Sendable () -> Void) -> Bool {
        let job = Job(body)
        pthread_mutex_lock(mutex)
        jobs.append(job)
        let enoughWorkers = idle >= jobs.count
        if enoughWorkers { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
        if enoughWorkers { return true }
        if DetachedThread.start({ self.work() }) { return true }
        // No thread: take the job back, unless a worker that just became idle has taken it.
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard let index = jobs.firstIndex(where: { $0 === job }) else { return true }
        jobs.remove(at: index)
        return false
    }

    /// A worker's life: run jobs while there are any, wait for more, end after an idle wait.
    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                pthread_mutex_unlock(mutex)
                job.body()
                pthread_mutex_lock(mutex)
                continue
            }
            var deadline = timespec(tv_sec: 0, tv_nsec: 0)
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            deadline.tv_sec += Self.idleSeconds
            idle += 1
            var result: Int32 = 0
            while jobs.isEmpty && result != ETIMEDOUT {
                result = pthread_cond_timedwait(condition, mutex, &deadline)
            }
            idle -= 1
            if jobs.isEmpty {
                pthread_mutex_unlock(mutex)
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
