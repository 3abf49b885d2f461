/// Writing to standard error and standard output with write(2), never crashing: a closed or full
/// descriptor is reported to the caller (or ignored for stderr), not a trap.
package enum StandardStreams {
    /// `text` on standard error as is (prompts, the countdown line); failures are ignored, since
    /// there is nobody left to tell.
    package static func write(_ text: String) {
        _ = writeAll(FileDescriptor.standardError.rawValue, Array(text.utf8))
    }

    /// One line on standard error: `text` with controls escaped
    /// (``TerminalText/oneLine(_:keepingLineBreaks:)``), then a line break.
    package static func line(_ text: String) {
        write("\(TerminalText.oneLine(text))\n")
    }

    /// Writes every byte to `descriptor`, retrying short writes and interruptions.
    /// - Returns: the `errno` of a failure; nil when everything was written.
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        do {
            try FileDescriptor(rawValue: descriptor).write(all: bytes)
            return nil
        } catch {
            return error.code
        }
    }
}
