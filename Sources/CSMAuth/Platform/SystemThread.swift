import Glibc

/// Threads of the operating system, outside Swift's cooperative pool, and what they wait on.
enum SystemThread {
    /// Runs `body` on a new detached thread (`pthread_create`).
    /// - Throws: why the system could not make one. `errno` is set to it as well, since
    ///   `pthread_create` returns its error instead of setting `errno`, and callers report it later.
    static func startDetached(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let started = pthread_create(
            &thread, nil,
            { argument in
                Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
                return nil
            }, box)
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            errno = started
            throw SystemError(code: started)
        }
        pthread_detach(thread)
    }

    /// Blocks the calling thread for `microseconds` (`usleep`).
    static func sleep(microseconds: UInt32) {
        usleep(microseconds)
    }

    /// A mutex and a condition variable (pthreads), for threads that block: no Swift concurrency
    /// is needed, so it works before the runtime starts and on threads outside its pool.
    ///
    /// The state it guards is the caller's: touch it only between ``lock()`` and ``unlock()``
    /// (or in ``withLock(_:)``), and wait in a loop on it, since a wait may wake without a signal.
    final class Condition: @unchecked Sendable {
        // @unchecked: the mutex and the condition are made to be shared between threads; they are
        // allocated once, so their memory never moves while a thread uses it.
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
        private let condition: UnsafeMutablePointer<pthread_cond_t>

        /// Timed waits measure time on the monotonic clock, so a change of the wall clock neither
        /// ends them early nor makes them longer.
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

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
        }

        func lock() {
            pthread_mutex_lock(mutex)
        }

        func unlock() {
            pthread_mutex_unlock(mutex)
        }

        func withLock<T>(_ body: () throws -> T) rethrows -> T {
            lock()
            defer { unlock() }
            return try body()
        }

        /// Wakes one waiting thread.
        func signal() {
            pthread_cond_signal(condition)
        }

        /// Wakes every waiting thread.
        func broadcast() {
            pthread_cond_broadcast(condition)
        }

        /// Lets go of the lock until a signal (or a spurious wake-up), then takes it again. Call it locked.
        func wait() {
            pthread_cond_wait(condition, mutex)
        }

        /// Waits, locked, for as long as `isWaiting` holds (asked with the lock held), but at most
        /// `timeout` in all (at most a day; nothing when negative).
        /// - Returns: false when the time ran out with `isWaiting` still true.
        @discardableResult
        func wait(while isWaiting: () -> Bool, timeout: Duration) -> Bool {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let nanoseconds = Int(min(max(timeout.wholeNanoseconds, 0), 86_400_000_000_000))
            let total = Int(deadline.tv_nsec) + nanoseconds
            deadline.tv_sec += total / 1_000_000_000
            deadline.tv_nsec = total % 1_000_000_000
            var result: Int32 = 0
            while isWaiting() && result == 0 {
                result = pthread_cond_timedwait(condition, mutex, &deadline)
            }
            return !isWaiting()
        }
    }
}
