/// OS threads outside Swift's cooperative pool, for blocking work (a libsecret call, a file
/// operation, a blocking `flock`) that must never occupy a thread of the pool. ``start(_:)``
/// starts a new detached thread (tens of microseconds); ``run(_:)`` hands the work to
/// ``BlockingWorkers``, which starts threads only as jobs need them and keeps them a few seconds
/// for the next job, so a process that makes one or two such calls (as `csm-auth token` does)
/// pays for one or two threads, never for a whole pool.
enum DetachedThread {
    /// Runs `body` on a new detached thread; false when the system cannot make one (`errno` says why).
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        (try? SystemThread.startDetached(body)) != nil
    }

    /// Runs `body` on a thread of ``BlockingWorkers`` (a waiting one, or a new one) and returns its result.
    /// - Throws: what `body` throws, or ``CSMAuthError`` (`.systemFailure`) when no thread can be made.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let started = BlockingWorkers.shared.submit { continuation.resume(with: Result { try body() }) }
            if !started {
                continuation.resume(
                    throwing: CSMAuthError(.systemFailure, "cannot start a thread: \(SystemError.lastCall.message)")
                )
            }
        }
    }
}
