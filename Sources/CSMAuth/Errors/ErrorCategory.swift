/// What kind of failure an error is, which decides how a caller reacts (and the CLI's exit code).
public enum ErrorCategory: Sendable, Hashable {
    /// The caller asked for something invalid: fix the input (the CLI exits 64).
    case usage
    /// Network, server, bad response, timeout or a refused login: try again later (exit 1).
    case failure
    /// No credentials, or the refresh token is expired or revoked: log in again (exit 4).
    case loginRequired
    /// The credential store is unavailable or locked (exit 5).
    case storeUnavailable
}
