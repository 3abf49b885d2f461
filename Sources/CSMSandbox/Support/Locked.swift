import Foundation

/// A value guarded by a lock, shared between NIO's event loop threads and callers of the Swift API.
///
/// The sandbox keeps all of its state in one such box: every request is answered while holding
/// the lock, which serialises the state machine the way one Atlassian request at a time would see it.
/// That is plenty for a test server and keeps the logic free of data races by construction.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access to `value` goes through `lock`.
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
