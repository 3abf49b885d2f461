import Glibc

/// A one-shot signal from the thread that waits in `flock` for a ``ProfileLock`` to be let go to
/// the thread that waits for that, with a timeout (a POSIX semaphore: no Swift concurrency
/// needed before the runtime starts).
final class ReleaseSignal: @unchecked Sendable {
    private var semaphore = sem_t()

    init() {
        sem_init(&semaphore, 0, 0)
    }

    deinit {
        sem_destroy(&semaphore)
    }

    func post() {
        sem_post(&semaphore)
    }

    func wait(timeout: Duration) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = Int(deadline.tv_nsec) + Int(min(timeout.wholeNanoseconds, 86_400_000_000_000))
        deadline.tv_sec += total / 1_000_000_000
        deadline.tv_nsec = total % 1_000_000_000
        while sem_timedwait(&semaphore, &deadline) != 0 && errno == EINTR {}
    }
}
