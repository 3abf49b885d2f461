import Foundation
import Logging

/// A log handler that keeps every message, at every level, so tests can check what was logged.
struct CapturingLogHandler: LogHandler {
    /// The messages logged so far, shared by every copy of the handler.
    final class Messages: @unchecked Sendable {  // every access holds `lock`
        private let lock = NSLock()
        private var lines: [String] = []
        var all: [String] { lock.withLock { lines } }
        func append(_ line: String) { lock.withLock { lines.append(line) } }
    }

    let messages: Messages
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        messages.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
    }

    /// A trace-level logger and the messages it captures.
    static func logger() -> (Logger, Messages) {
        let messages = Messages()
        return (Logger(label: "csm-auth-test", factory: { _ in CapturingLogHandler(messages: messages) }), messages)
    }
}
