import FoundationEssentials
import NIOConcurrencyHelpers

/// One live line on a terminal's stderr, "Waiting for the browser… 4:32 left", rewritten every
/// second and erased when the wait ends. Where stderr is not a terminal (a log, a pipe) it
/// writes nothing: the login has already said how long it waits.
final class CountdownLine: @unchecked Sendable {
    private let lock = NIOLock()
    private var ticker: Task<Void, Never>?
    private var showing = false

    func start(until deadline: ContinuousClock.Instant) {
        guard FileDescriptor.standardError.isTerminal else { return }
        lock.withLock { showing = true }
        let task = Task { [self] in
            while !Task.isCancelled {
                let left = max(0, (deadline - .now).components.seconds)
                // Drawn under the lock, so a stop never lets a last tick redraw the erased line.
                lock.withLock {
                    if showing {
                        StandardStreams.write(
                            "\r\u{1B}[2KWaiting for the browser… \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60) left (Ctrl-C to give up)"
                        )
                    }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        lock.withLock { ticker = task }
    }

    func stop() {
        lock.withLock {
            guard showing else { return }
            showing = false
            ticker?.cancel()
            ticker = nil
            StandardStreams.write("\r\u{1B}[2K")
        }
    }
}
