import CSMAuth
import FoundationEssentials
import Glibc

/// Writes to stdout (the requested output only) and stderr (everything else), and never crashes
/// doing so: a closed or full standard output is an error the command reports, not a trap.
enum Output {
    /// Standard output could not take what the command printed.
    struct StandardOutputFailed: Error {
        /// The `errno` of the failed write.
        let errorNumber: Int32

        /// A reader went away (`csm-auth token | head -c0`): exit quietly as `cat` does under SIGPIPE.
        var isBrokenPipe: Bool { errorNumber == EPIPE }

        var description: String { "cannot write to standard output: \(String(cString: strerror(errorNumber)))" }
    }

    /// One error line on stderr: `csm-auth: message`, control characters escaped so it stays one line.
    static func error(_ message: String) {
        _ = writeAll(STDERR_FILENO, Array("csm-auth: \(oneLine(message))\n".utf8))
    }

    /// One informational line on stderr, control characters escaped.
    static func info(_ message: String) {
        _ = writeAll(STDERR_FILENO, Array("\(oneLine(message))\n".utf8))
    }

    /// Text on stderr as is (prompts); failures are ignored, since there is nobody left to tell.
    static func prompt(_ text: String) {
        _ = writeAll(STDERR_FILENO, Array(text.utf8))
    }

    /// `text` and a newline on stdout.
    /// - Throws: ``StandardOutputFailed`` when stdout is closed, full or broken.
    static func print(_ text: String) throws {
        try write(Array((text + "\n").utf8))
    }

    /// Bytes on stdout, as they are.
    /// - Throws: ``StandardOutputFailed`` when stdout is closed, full or broken.
    static func write(_ bytes: some Collection<UInt8>) throws {
        if let failure = writeAll(STDOUT_FILENO, Array(bytes)) { throw StandardOutputFailed(errorNumber: failure) }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        StandardStreams.writeAll(descriptor, bytes)
    }

    /// ``TerminalText/oneLine(_:keepingLineBreaks:)``.
    static func oneLine(_ text: String, keepingLineBreaks: Bool = false) -> String {
        TerminalText.oneLine(text, keepingLineBreaks: keepingLineBreaks)
    }

    /// Makes sure descriptors 0, 1 and 2 are open before anything else is: a program started with
    /// `>&-` would otherwise get its next file or socket as "standard output", and print a token
    /// into it. A closed one is replaced by /dev/null opened read-only, so writing to it still
    /// fails (and is reported) while no file of ours can take its number.
    static func guardStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0 && placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }
}
