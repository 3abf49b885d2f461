import Foundation

/// Collects values from `@Sendable` callbacks.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [Value] = []

    func append(_ value: Value) {
        lock.withLock { items.append(value) }
    }

    var values: [Value] { lock.withLock { items } }
}
