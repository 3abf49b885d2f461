/// A one-shot signal from the thread that waits in `flock` for a ``ProfileLock`` to be let go to
/// the thread that waits for that, with a timeout (a pthread mutex and condition: no Swift
/// concurrency needed before the runtime starts).
final class ReleaseSignal: @unchecked Sendable {
    // @unchecked: `posted` is only touched with `condition` locked.
    private let condition = SystemThread.Condition()
    private var posted = false

    func post() {
        condition.withLock {
            posted = true
            condition.signal()
        }
    }

    /// Returns once ``post()`` was called, or after `timeout` (at most a day).
    func wait(timeout: Duration) {
        condition.lock()
        defer { condition.unlock() }
        condition.wait(while: { !posted }, timeout: timeout)
    }
}
