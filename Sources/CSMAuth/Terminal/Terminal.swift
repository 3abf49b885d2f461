import FoundationEssentials

/// Reading from standard input: bounded lines, and secrets without echo on a terminal.
enum Terminal {
    static var inputIsTerminal: Bool { FileDescriptor.standardInput.isTerminal }

    /// The longest line accepted: secrets and pasted URLs are far shorter, and an endless
    /// stream (`</dev/zero`) must not grow the process without bound.
    static let maximumLineBytes = 16 * 1024

    /// Standard input, read line by line through one buffer (a secret and a pasted URL may
    /// arrive in one read).
    nonisolated(unsafe) private static var reader = LineReader(
        descriptor: .standardInput, maximumBytes: maximumLineBytes)

    /// One line from standard input without its line break; nil at end of input.
    /// - Throws: ``CSMAuthError`` when the line is longer than ``maximumLineBytes``, or no line
    ///   arrives within `timeout`.
    static func readLine(timeout: Duration? = nil) throws -> String? {
        try reader.readLine(timeout: timeout)
    }

    /// Asks on stderr and reads a line with echo switched off; the terminal is restored on every
    /// way out, Ctrl-C and SIGTERM included.
    static func readSecret(prompt: String) throws -> Secret? {
        // Echo goes off before the prompt shows, so nothing typed in reply is ever echoed.
        let guardian = EchoGuard()
        StandardStreams.write(prompt)
        defer {
            guardian.restore()
            StandardStreams.write("\n")
        }
        return try readLine().map(Secret.init)
    }

    /// A secret from standard input: the first line, or a no-echo prompt on a terminal.
    static func readSecretFromInput(prompt: String) throws -> Secret? {
        let secret = inputIsTerminal ? try readSecret(prompt: prompt) : try readLine().map(Secret.init)
        return secret.map { Secret($0.reveal().trimmingWhitespaceAndNewlines()) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
