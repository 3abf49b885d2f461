import Dispatch
import Foundation

/// The write end of the self-pipe, set once before the handlers are installed and only read after.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Turns SIGINT and SIGTERM into an awaitable event, so the server can stop cleanly and exit 0.
///
/// Classic self-pipe: the C handler only `write(2)`s a byte (async-signal-safe), and a dispatch
/// read source wakes the waiter. Dispatch's own signal sources are not used on purpose: on Linux
/// they rely on the signal being blocked in every thread, which cannot be arranged once NIO's and
/// Swift concurrency's threads exist, so a signal could be silently dropped.
final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `received` and `continuation` are only touched on `queue`.
    private let queue = DispatchQueue(label: "csm-sandbox.signals")
    private let source: any DispatchSourceRead
    private var received = false
    private var continuation: CheckedContinuation<Void, Never>?

    /// Starts watching SIGINT and SIGTERM; do this before the server starts so an early signal is not lost.
    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 {
            ends = [-1, -1]
        }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        signalPipeWriteEnd = ends[1]
        source = DispatchSource.makeReadSource(fileDescriptor: ends[0], queue: queue)
        let readEnd = ends[0]
        source.setEventHandler { [weak self] in
            // Drain the byte, or the level-triggered source would fire again at once.
            var byte: UInt8 = 0
            _ = read(readEnd, &byte, 1)
            self?.deliver()
        }
        source.resume()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                var byte: UInt8 = 1
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
    }

    /// Waits for the first SIGINT or SIGTERM.
    func wait() async {
        await withCheckedContinuation { continuation in
            queue.async {
                if self.received {
                    continuation.resume()
                } else {
                    self.continuation = continuation
                }
            }
        }
    }

    private func deliver() {
        received = true
        continuation?.resume()
        continuation = nil
    }
}
