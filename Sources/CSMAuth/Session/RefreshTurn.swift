import Glibc

/// One process's turn to read a profile's store and refresh it while others wait for the kernel
/// cache (see ``ImmediateCredential/cachedOrWaiting(profile:timeout:variable:)``): an exclusive
/// `flock` on a file next to the profile's refresh lock, held until this value is released or the
/// process ends. It is separate from the refresh lock, which the turn's holder still takes.
package final class RefreshTurn: Sendable {
    private let path: String
    private let descriptor: Int32

    /// Opens (creating, 0600) the turn file in `folder`, which must be a private folder of this
    /// user (the lock folder's rules, ``PrivateFile/ensureFolder(_:tightening:)``); nil when it
    /// cannot be used.
    init?(folder: String, profile: String) {
        guard (try? PrivateFile.ensureFolder(folder, tightening: true)) != nil else { return nil }
        path = "\(folder)/\(profile).turn"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    /// Takes the turn if nobody holds it.
    func tryTake() -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Returns once the current holder lets go (or dies), or after `timeout`. The wait is a
    /// blocking shared `flock` on a thread of its own, so waiting costs no CPU at all (a storm's
    /// 31 waiters would otherwise take the CPU from the one refreshing), and no thread of Swift's
    /// pool is held. After a timeout that thread stays blocked until the holder lets go.
    ///
    /// The shared lock is taken on a descriptor of its own (a new `open`, not a `dup`, which
    /// would share this one's lock) and dropped at once: the waiter must never hold anything
    /// that keeps the next waiter from taking the turn.
    func waitForRelease(timeout: Duration) async {
        let waiter = ReleaseWaiter()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            waiter.install(continuation)
            let watched = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard watched >= 0, DetachedThread.start({
                while flock(watched, LOCK_SH) != 0 && errno == EINTR {}
                flock(watched, LOCK_UN)
                close(watched)
                waiter.resume()
            }) else {
                if watched >= 0 { close(watched) }
                waiter.resume()
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                waiter.resume()
            }
        }
    }

    deinit {
        close(descriptor)
    }
}

/// Resumes a continuation once, from whichever of the lock thread and the timeout comes first.
private final class ReleaseWaiter: @unchecked Sendable {
    private var lock = pthread_mutex_t()
    private var continuation: CheckedContinuation<Void, Never>?

    init() {
        pthread_mutex_init(&lock, nil)
    }

    deinit {
        pthread_mutex_destroy(&lock)
    }

    func install(_ continuation: CheckedContinuation<Void, Never>) {
        pthread_mutex_lock(&lock)
        self.continuation = continuation
        pthread_mutex_unlock(&lock)
    }

    func resume() {
        pthread_mutex_lock(&lock)
        let pending = continuation
        continuation = nil
        pthread_mutex_unlock(&lock)
        pending?.resume()
    }
}
