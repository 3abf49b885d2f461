import CTerminal

/// Turns terminal echo off for a no-echo prompt and guarantees it comes back: on ``restore()``,
/// and from a signal handler when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the process meanwhile.
///
/// The handler lives in C (`CTerminal`): the kernel may run it on any thread, a worker thread as
/// often as the main one, while the main thread sets the state up, so it may touch nothing but an
/// atomic, `tcsetattr`, `signal` and `raise`. A Swift closure reading Swift globals there raced
/// with the main thread (ThreadSanitizer reported it) and went through the runtime's lazy
/// initialisation. It then lets the signal do what it would have done (the exit status still
/// says "killed by SIGINT").
final class EchoGuard {
    private var restored = false
    private let changed: Bool

    /// Switches echo off when standard input is a terminal; does nothing otherwise.
    init() {
        changed = csm_echo_off() == 1
    }

    /// Puts the terminal back as it was and removes the signal handlers (idempotent).
    func restore() {
        guard changed, !restored else { return }
        restored = true
        csm_echo_restore()
    }

    deinit { restore() }
}
