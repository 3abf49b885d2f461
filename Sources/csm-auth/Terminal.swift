import CSMAuth
import Foundation

/// Reading from standard input: lines, and secrets without echo on a terminal.
enum Terminal {
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// One line from standard input without its line break; nil at end of input.
    static func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    /// Asks on stderr and reads a line with echo switched off, restoring the terminal afterwards.
    static func readSecret(prompt: String) -> Secret? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &original) == 0
        if hasTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if hasTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine().map(Secret.init)
    }

    /// A secret from standard input: the first line, or a no-echo prompt on a terminal.
    static func readSecretFromInput(prompt: String) -> Secret? {
        let secret = inputIsTerminal ? readSecret(prompt: prompt) : readLine().map(Secret.init)
        return secret.map { Secret($0.reveal().trimmingCharacters(in: .whitespacesAndNewlines)) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
