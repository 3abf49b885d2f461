import Foundation

/// A clock the test moves by hand, injected into the sandbox so expiry needs no sleeping.
final class ManualClock: @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    /// The closure for ``SandboxConfiguration/clock``.
    var closure: @Sendable () -> Date { { self.now } }
}
