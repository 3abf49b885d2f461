/// A profile's lock: the one cross-process protocol of the token path, from the kernel cache
/// to the store and back. The command line's hot path and ``AuthSession`` are its two callers,
/// and they take the same lock in the same way:
///
/// 1. **Look** (``cached(minimumValidity:now:)``): a token in the kernel cache that is valid
///    for more than a minute is the answer; no lock, no store. This is the call's one look at
///    the cache before the lock.
/// 2. **Take or watch**: take the exclusive `flock` on `LOCK_FOLDER/PROFILE.lock`. While another
///    process holds it, sleep until it lets go (a blocking shared `flock` on a thread of its
///    own: no polling, no CPU), then look at the cache once more: its holder fills the cache
///    before it lets go, so in a storm only one process reads the store and refreshes, and the
///    others leave with its token. A holder that dies lets go too (the kernel drops the locks
///    of a dead process), and the next waiter takes over. Past the timeout the wait ends with
///    an error that names the holder.
/// 3. **Hold**: the holder re-reads the store (another process may have refreshed or logged
///    out meanwhile), refreshes when needed, stores the result, caches it, and lets go
///    (``Held`` is released, or the process ends).
///
/// Step 2 has two entry points, for the two kinds of caller:
/// - ``take(watching:timeout:)`` blocks the calling thread. The command line calls it from its
///   synchronous `main`, before Swift's concurrency runtime starts, so a cached `csm-auth token`
///   and a storm's waiters never start it; the ``Held`` lock is then handed to
///   ``AuthSession/credential(minimumValidity:holding:)``, which neither looks at the cache
///   again nor takes the lock again.
/// - ``acquire(watching:timeout:)`` is the same wait for async code (``AuthSession``): the
///   blocking part runs on a thread of its own, never one of Swift's pool.
///
/// The same lock, without watching the cache, is what a login's save, a logout and a site choice
/// hold (``whileChanging(timeout:_:)``), as a forced refresh does: a refresh that started earlier
/// can never write old credentials over a new login, or back after a logout.
///
/// The profile, the lock file, the cache and `CSM_AUTH_API_URL` are derived from the
/// environment in one place, ``init(profile:paths:variable:)``: with `getenv` on the hot path
/// (``forProcess(profile:variable:)``), from the dictionary of a ``CSMAuthEnvironment`` in the
/// library (``CSMAuthEnvironment/profileLock(for:)``).
package struct ProfileLock: Sendable {
    /// How long a caller waits for another holder by default: 30 s.
    package static let defaultTimeout: Duration = .seconds(30)

    /// The profile's name (validated by the caller: it is part of the lock file's and the key's names).
    let profile: String
    /// The folders the profile's files are in.
    let paths: CSMAuthPaths
    /// `LOCK_FOLDER/PROFILE.lock`.
    let path: String
    /// The profile's kernel cache: nil when it cannot be named, or for a custom store (whose
    /// tokens are not the profile's). ``KernelCredentialCache/isEnabled`` is false with `CSM_AUTH_KERNEL_CACHE=0`.
    let cache: KernelCredentialCache?
    /// `CSM_AUTH_API_URL` (nil: not set): a cached entry made under another value does not
    /// answer as it is (``ImmediateCredential``).
    let apiURLVariable: String?

    /// The lock of `profile` in the environment that `variable` reads (empty values count as unset).
    init(profile: String, paths: CSMAuthPaths, variable: (String) -> String?) {
        self.profile = profile
        self.paths = paths
        self.path = "\(paths.lockFolder)/\(profile).lock"
        self.cache = KernelCredentialCache(
            profile: profile, paths: paths, setting: environmentVariable("CSM_AUTH_KERNEL_CACHE", in: variable))
        self.apiURLVariable = environmentVariable("CSM_AUTH_API_URL", in: variable)
    }

    private init(_ lock: ProfileLock, cache: KernelCredentialCache?) {
        self.profile = lock.profile
        self.paths = lock.paths
        self.path = lock.path
        self.cache = cache
        self.apiURLVariable = lock.apiURLVariable
    }

    /// The profile's lock in the process's environment, read with `getenv` (the hot path's way:
    /// no dictionary of the whole environment, no Foundation). Nil when `CSM_AUTH_TOKEN` is set
    /// (it wins, and no profile is read) or the profile's name is invalid (the library reports it).
    /// - Parameters:
    ///   - flag: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`.
    ///   - variable: reads one variable; `getenv` by default.
    package static func forProcess(
        profile flag: String?, variable: (String) -> String? = ImmediateCredential.processVariable
    ) -> ProfileLock? {
        guard environmentVariable("CSM_AUTH_TOKEN", in: variable) == nil,
            let profile = try? CSMAuthEnvironment.profileName(flag, variable: variable)
        else { return nil }
        return ProfileLock(profile: profile, paths: CSMAuthPaths(variable: variable), variable: variable)
    }

    /// The same lock, watching no cache: for a custom store, whose tokens are never cached.
    var withoutCache: ProfileLock { ProfileLock(self, cache: nil) }

    /// The same lock, its cache saying through `report` when it finds a key that is not this
    /// user's own (``KernelCredentialCache/report``).
    func reporting(to report: @escaping @Sendable (String) -> Void) -> ProfileLock {
        var cache = self.cache
        cache?.report = report
        return ProfileLock(self, cache: cache)
    }

    /// Whether the lock file is there (a symbolic link counts: opening it is refused). Taking the
    /// lock creates it, which the token path does only for a profile that exists, so that
    /// `token --profile TYPO` leaves no file behind.
    var lockFileExists: Bool {
        (try? FileStatus(path: path, followingSymbolicLink: false)) != nil
    }

    /// Whether the protocol goes through the cache: false with it off or unusable, where
    /// callers read the store first and lock only to refresh.
    var watchesCache: Bool { cache?.isEnabled == true }

    /// What the lock protects, for the timeout's message.
    var purpose: String { "the refresh lock of profile '\(profile)'" }

    // MARK: - Step 1: look

    /// The cached entry when its token is valid for more than `minimumValidity` seconds after `now`.
    func cached(minimumValidity: Int64 = 60, now: Int64 = KernelClock.now()) -> KernelCachedCredential? {
        guard let cache, let entry = cache.lookup(), entry.isValid(minimumValidity: minimumValidity, now: now)
        else { return nil }
        return entry
    }

    // MARK: - Step 2: take or watch

    /// What a waiter watches the cache for while another process holds the lock.
    struct Watch: Sendable {
        /// The least validity, in seconds, of a token that answers.
        var minimumValidity: Int64 = 60
        /// The clock, in seconds since 1970.
        var now: @Sendable () -> Int64 = { KernelClock.now() }
    }

    /// How a wait for the lock ended.
    enum Outcome: Sendable {
        /// The holder cached a valid token while this caller waited; the lock is not held.
        case cached(KernelCachedCredential)
        /// The caller holds the lock.
        case locked(Held)
    }

    /// The synchronous entry point: takes the lock, blocking the calling thread while another
    /// process holds it (call it where a thread may block: a command's `main` before anything
    /// else starts, or a thread of its own).
    /// - Parameters:
    ///   - watch: when given, the wait ends as soon as the holder has cached a token that is
    ///     valid enough (looked for each time the lock is let go, not before the first attempt:
    ///     that is step 1's look).
    ///   - timeout: the longest wait.
    /// - Throws: ``CSMAuthError`` (`.lockTimeout`) naming the holder after `timeout`,
    ///   (`.invalidConfiguration`) when the lock file cannot be used, (`.systemFailure`) when `flock` fails.
    func take(watching watch: Watch? = nil, timeout: Duration = defaultTimeout) throws -> Outcome {
        let descriptor = try FileLock.openLockFile(path)
        if try Self.tryLock(descriptor, path: path) { return .locked(Held(descriptor: descriptor, path: path)) }
        return try wait(descriptor, watching: watch, deadline: ContinuousClock.now + timeout, timeout: timeout)
    }

    /// The asynchronous entry point: ``take(watching:timeout:)`` for async code. A free lock is
    /// taken at once; a wait blocks a thread of its own (``DetachedThread``), never one of
    /// Swift's pool, which would starve the pool, and with it the holder, when many wait at once.
    /// - Throws: the errors of ``take(watching:timeout:)``.
    func acquire(watching watch: Watch? = nil, timeout: Duration = defaultTimeout) async throws -> Outcome {
        let descriptor = try FileLock.openLockFile(path)
        if try Self.tryLock(descriptor, path: path) { return .locked(Held(descriptor: descriptor, path: path)) }
        let deadline = ContinuousClock.now + timeout
        return try await DetachedThread.run {
            try wait(descriptor, watching: watch, deadline: deadline, timeout: timeout)
        }
    }

    /// The lock when nobody holds it, without waiting; nil while another holder has it.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the lock file cannot be used,
    ///   (`.systemFailure`) when `flock` fails.
    func tryTake() throws -> Held? {
        let descriptor = try FileLock.openLockFile(path)
        guard try Self.tryLock(descriptor, path: path) else {
            descriptor.close()
            return nil
        }
        return Held(descriptor: descriptor, path: path)
    }

    /// Runs `body`, which changes the profile, holding the lock: the one a refresh holds from
    /// reading the stored credentials to writing the rotated ones. A login's save, a logout and a
    /// site choice take it (before the configuration's lock, always in that order), so a refresh
    /// that started earlier can never write old credentials over a new login, or back after a
    /// logout. Every such change may make the kernel-cached token stale, so it is dropped first,
    /// even where `CSM_AUTH_KERNEL_CACHE=0` keeps this process from using it.
    /// - Throws: the errors of ``take(watching:timeout:)``; whatever `body` throws.
    func whileChanging<T: Sendable>(timeout: Duration = defaultTimeout, _ body: () async throws -> T) async throws
        -> T
    {
        try await withLock(timeout: timeout) {
            cache?.invalidate()
            return try await body()
        }
    }

    /// Runs `body` holding the lock (not watching the cache), waiting at most `timeout` for it.
    /// - Throws: the errors of ``take(watching:timeout:)``; whatever `body` throws.
    func withLock<T: Sendable>(timeout: Duration = defaultTimeout, _ body: () async throws -> T) async throws -> T {
        guard case .locked(let held) = try await acquire(timeout: timeout) else {
            preconditionFailure("a wait that watches no cache ends holding the lock")
        }
        defer { withExtendedLifetime(held) {} }
        return try await body()
    }

    /// Tries the exclusive lock on `descriptor` without waiting.
    private static func tryLock(_ descriptor: FileDescriptor, path: String) throws -> Bool {
        while true {
            do {
                try descriptor.tryLock(.exclusive)
                return true
            } catch {
                if error == .interrupted { continue }
                if error == .wouldBlock { return false }
                descriptor.close()
                throw CSMAuthError(.systemFailure, "cannot lock \(path): \(error.message)")
            }
        }
    }

    /// Sleeps until the holder lets go, then looks at the cache (when watching) or tries the
    /// lock again, until one of them answers or the deadline passes. Takes over `descriptor`.
    private func wait(
        _ descriptor: FileDescriptor, watching watch: Watch?, deadline: ContinuousClock.Instant, timeout: Duration
    )
        throws -> Outcome
    {
        repeat {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                let holder = LockHolder.find(descriptor: descriptor).map { " by \($0)" } ?? ""
                descriptor.close()
                throw CSMAuthError(
                    .lockTimeout,
                    "\(purpose) has been held\(holder) for over \(Int(timeout.components.seconds)) s; nothing was changed: try again once it has finished, or end that process"
                )
            }
            waitForRelease(timeout: left)
            if let watch, let entry = cached(minimumValidity: watch.minimumValidity, now: watch.now()) {
                descriptor.close()
                return .cached(entry)
            }
        } while try !Self.tryLock(descriptor, path: path)
        return .locked(Held(descriptor: descriptor, path: path))
    }

    /// Returns once the current holder lets go (or dies), or after `timeout`; it blocks the
    /// calling thread meanwhile. The wait itself is a blocking shared `flock` on a thread of its
    /// own, so waiting costs no CPU at all: a storm's 31 waiters would otherwise take the CPU
    /// from the one refreshing. After a timeout that thread stays blocked until the holder lets go.
    ///
    /// The shared lock is taken on a descriptor of its own (a new `open`, not a `dup`, which
    /// would share the caller's) and dropped at once: a waiter must never hold anything that
    /// keeps the next one from taking the lock.
    ///
    /// When that cannot be set up (no descriptor or thread to spare), it sleeps a short while
    /// instead, so that the caller's loop polls every 20 ms rather than spinning a core.
    func waitForRelease(timeout: Duration) {
        guard let watched = try? FileDescriptor.open(path, .readOnly, [.closeOnExec, .noFollow]) else {
            return Self.pause(atMost: timeout)
        }
        let released = ReleaseSignal()
        guard
            DetachedThread.start({
                try? watched.lock(.shared)
                watched.unlock()
                watched.close()
                released.post()
            })
        else {
            watched.close()
            return Self.pause(atMost: timeout)
        }
        released.wait(timeout: timeout)
    }

    /// Sleeps 20 ms, or `timeout` if that is shorter: the fallback wait of ``waitForRelease(timeout:)``.
    private static func pause(atMost timeout: Duration) {
        let pause = min(timeout, .milliseconds(20))
        SystemThread.sleep(microseconds: UInt32(max(0, pause.components.attoseconds / 1_000_000_000_000)))
    }

    // MARK: - Step 3: hold

    /// The lock, held until ``release()``, until this value is released, or until the process ends.
    package final class Held: @unchecked Sendable {
        /// The lock file, so that a session handed the lock can tell that it is its own.
        let path: String
        private let guardLock = SystemThread.Condition()
        /// The locked descriptor; nil once let go. Guarded by `guardLock`.
        private var descriptor: FileDescriptor?

        fileprivate init(descriptor: FileDescriptor, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        /// Lets go of the lock now (the holder has cached its answer: the waiters may take it
        /// from the cache while this process is still printing it); later calls do nothing.
        func release() {
            guardLock.withLock {
                guard let descriptor else { return }
                descriptor.unlock()
                descriptor.close()
                self.descriptor = nil
            }
        }

        deinit {
            release()
        }
    }
}
