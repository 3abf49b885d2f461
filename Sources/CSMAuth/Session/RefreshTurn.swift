import Glibc

/// One process's turn to read a profile's store and refresh it while others wait for the kernel
/// cache (see ``ImmediateCredential/cachedOrWaiting(profile:timeout:variable:)``): an exclusive
/// `flock` on a file next to the profile's refresh lock, held until this value is released or the
/// process ends. It is separate from the refresh lock, which the turn's holder still takes.
package final class RefreshTurn: Sendable {
    private let path: String
    private let descriptor: Int32

    /// Opens (creating, 0600) the turn file in `folder`, which must be a private folder of this
    /// user (opened as the lock files are, ``FileLock/openLockFile(_:tighteningFolder:)``); nil
    /// when it cannot be used.
    init?(folder: String, profile: String) {
        path = "\(folder)/\(profile).turn"
        guard let descriptor = try? FileLock.openLockFile(path) else { return nil }
        self.descriptor = descriptor
    }

    /// Takes the turn if nobody holds it.
    func tryTake() -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Returns once the current holder lets go (or dies), or after `timeout`; it blocks the
    /// calling thread meanwhile (call it from a thread that may block). The wait itself is a
    /// blocking shared `flock` on a thread of its own, so waiting costs no CPU at all: a storm's
    /// 31 waiters would otherwise take the CPU from the one refreshing. After a timeout that
    /// thread stays blocked until the holder lets go.
    ///
    /// The shared lock is taken on a descriptor of its own (a new `open`, not a `dup`, which
    /// would share this one's lock) and dropped at once: the waiter must never hold anything
    /// that keeps the next waiter from taking the turn.
    func waitForRelease(timeout: Duration) {
        let watched = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard watched >= 0 else { return }
        let released = ReleaseSignal()
        guard
            DetachedThread.start({
                while flock(watched, LOCK_SH) != 0 && errno == EINTR {}
                flock(watched, LOCK_UN)
                close(watched)
                released.post()
            })
        else {
            close(watched)
            return
        }
        released.wait(timeout: timeout)
    }

    deinit {
        close(descriptor)
    }
}
