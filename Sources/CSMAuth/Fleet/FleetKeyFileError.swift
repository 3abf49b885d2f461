/// The fleet key file cannot be used: unset, missing, unreadable, open to others, empty or with a
/// line that is no key. Without the key the fleet's store is unusable, so this is "store
/// unavailable" (exit 5). The message names the file and a line number, never its contents.
package struct FleetKeyFileError: CategorizedError, Sendable, Equatable {
    /// One line: what is wrong with the key file and what to do.
    package let message: String

    /// - Parameter message: one line without a byte of the file's contents.
    package init(_ message: String) {
        self.message = message
    }

    /// Always `.storeUnavailable` (exit 5).
    package var category: ErrorCategory { .storeUnavailable }
    /// ``message``.
    package var description: String { message }
}
