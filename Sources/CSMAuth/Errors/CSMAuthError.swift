/// A CSMAuth error: a ``Code`` a program can match, the ``ErrorCategory`` that follows from it,
/// and one line a person can act on.
///
/// ```swift
/// do {
///     let token = try await session.accessToken()
/// } catch let error as CSMAuthError where error.code == .notLoggedIn {
///     print("log in first: run \(error.loginCommand?.description ?? "the login")")
/// }
/// ```
public struct CSMAuthError: CategorizedError, Sendable {
    /// What went wrong, for programs to match; new codes may be added.
    public let code: Code
    /// One line, never containing a secret; it ends with the command that fixes it, when there is one.
    public let message: String
    /// The login that fixes the error, when logging in again does (see ``LoginCommand``).
    public let loginCommand: LoginCommand?

    /// - Parameters:
    ///   - code: what went wrong; its category is the error's.
    ///   - message: one line for a person, without a secret.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
        self.loginCommand = nil
    }

    /// An error that a new login fixes: the message is `problem`, then "run `LOGIN COMMAND`".
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - problem: what is wrong, as the first part of one line.
    ///   - loginCommand: the command to run, spelled with the caller's tool name.
    public init(_ code: Code, _ problem: String, fix loginCommand: LoginCommand) {
        self.code = code
        self.message = "\(problem): run `\(loginCommand)`"
        self.loginCommand = loginCommand
    }

    /// The category of ``code``.
    public var category: ErrorCategory { code.category }

    /// ``message``.
    public var description: String { message }
}
