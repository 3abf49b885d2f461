import FoundationEssentials
import Glibc

/// Turns terminal echo off for a no-echo prompt and guarantees it comes back: on ``restore()``,
/// and from a signal handler when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the process meanwhile.
///
/// The handler only calls `tcsetattr`, `signal` and `raise`, which are async-signal-safe, and then
/// lets the signal do what it would have done (the exit status still says "killed by SIGINT").
final class EchoGuard {
    private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Read by the signal handler, which cannot capture context: set before the handlers are
    /// installed and cleared after they are removed.
    ///
    /// On the heap rather than a `static var saved = termios()`: Swift 6.3 lays that global out
    /// 57 bytes long (it drops the padding before `c_ispeed`) while every copy into it writes
    /// the type's 60, so three bytes landed past its end (AddressSanitizer:
    /// global-buffer-overflow). First touched in `init`, before any handler can run.
    nonisolated(unsafe) private static let saved: UnsafeMutablePointer<termios> = {
        let storage = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        storage.initialize(to: termios())
        return storage
    }()
    nonisolated(unsafe) private static var active: Int32 = 0

    private var restored = false
    private let changed: Bool
    private var previousHandlers: [Int32: __sighandler_t?] = [:]

    /// Switches echo off when standard input is a terminal; does nothing otherwise.
    init() {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else {
            changed = false
            return
        }
        Self.saved.pointee = original
        Self.active = 1
        var previous: [Int32: __sighandler_t?] = [:]
        for signal in Self.signals {
            previous[signal] = Glibc.signal(signal) { number in
                if EchoGuard.active == 1 { tcsetattr(STDIN_FILENO, TCSAFLUSH, EchoGuard.saved) }
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
        }
        previousHandlers = previous
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        changed = true
    }

    /// Puts the terminal back as it was and removes the signal handlers (idempotent).
    func restore() {
        guard changed, !restored else { return }
        restored = true
        tcsetattr(STDIN_FILENO, TCSAFLUSH, Self.saved)
        Self.active = 0
        for (signal, handler) in previousHandlers { Glibc.signal(signal, handler ?? SIG_DFL) }
    }

    deinit { restore() }
}
