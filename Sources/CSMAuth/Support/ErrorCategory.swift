/// What kind of failure an error is, which decides how a caller reacts (and the CLI's exit code).
public enum ErrorCategory: Sendable, Hashable {
    /// The caller asked for something invalid: fix the input.
    case usage
    /// Network, server, bad response or timeout: try again later.
    case failure
    /// No credentials, or the refresh token is expired or revoked: log in again.
    case loginRequired
    /// The credential store is unavailable or locked.
    case storeUnavailable
}

/// An error that knows its ``ErrorCategory``. Every public error of CSMAuth conforms.
public protocol CategorizedError: Error, CustomStringConvertible {
    var category: ErrorCategory { get }
}

/// A general CSMAuth error: a category and one line a user can act on.
public struct CSMAuthError: CategorizedError, Sendable {
    public let category: ErrorCategory
    /// One line, never containing a secret.
    public let message: String

    public init(_ category: ErrorCategory, _ message: String) {
        self.category = category
        self.message = message
    }

    public var description: String { message }
}
