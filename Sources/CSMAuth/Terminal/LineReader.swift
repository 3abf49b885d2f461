import FoundationEssentials

/// Reads lines from a file descriptor with a bound on their length and on the wait.
///
/// `Swift.readLine` grows without limit (`</dev/zero` reaches gigabytes) and cannot time out;
/// this reads through `poll` and `read` into a buffer of its own, which keeps the bytes after a
/// line for the next call.
struct LineReader {
    let descriptor: FileDescriptor
    let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(descriptor: FileDescriptor, maximumBytes: Int) {
        self.descriptor = descriptor
        self.maximumBytes = maximumBytes
    }

    /// The next line without its line break (and a CR before it); nil at end of input with nothing read.
    /// - Throws: ``CSMAuthError`` (`.usage`) for a line over `maximumBytes`; (`.failure`) when no
    ///   line arrived within `timeout`, or reading failed.
    mutating func readLine(timeout: Duration?) throws -> String? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")), newline <= maximumBytes {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count <= maximumBytes else {
                buffer.removeAll()
                throw CSMAuthError(.invalidInput, "standard input sent a line longer than \(maximumBytes) bytes")
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            try waitForInput(until: deadline)
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count: Int
            do {
                count = try descriptor.read(into: &chunk)
            } catch {
                if error == .interrupted || error == .wouldBlock { continue }
                throw CSMAuthError(.inputUnavailable, "cannot read standard input: \(error.message)")
            }
            if count == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[..<count]) }
        }
    }

    private func waitForInput(until deadline: ContinuousClock.Instant?) throws {
        guard let deadline else { return }
        while true {
            let remaining = deadline - ContinuousClock.now
            let milliseconds = max(0, remaining.wholeMilliseconds)
            let ready: Bool
            do {
                ready = try descriptor.waitForInput(milliseconds: Int32(clamping: milliseconds))
            } catch {
                if error == .interrupted { continue }
                throw CSMAuthError(.inputUnavailable, "cannot wait for standard input: \(error.message)")
            }
            if ready { return }
            throw CSMAuthError(.inputUnavailable, "no input arrived on standard input within the timeout")
        }
    }
}
