/// The authorization server refused a grant, or answered something that is not a token.
public struct OAuthError: CategorizedError, Sendable, Equatable {
    /// The kind of failure; a struct so new kinds don't break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: Hashable, Sendable { case invalidGrant, invalidClient, rejected, badResponse, serverError }
        let kind: Kind

        /// The code or refresh token is unknown, used, expired or revoked: the user must log in again.
        public static let invalidGrant = Code(kind: .invalidGrant)
        /// The client id or secret was refused (`invalid_client`, or any HTTP 401).
        public static let invalidClient = Code(kind: .invalidClient)
        /// Any other OAuth error answer below 500 (`invalid_request`, `unauthorized_client`, …).
        public static let rejected = Code(kind: .rejected)
        /// An answer that is neither a token response nor an OAuth error: a 2xx answer without an
        /// access token, or another status without an `error` field (HTML from a proxy, say).
        public static let badResponse = Code(kind: .badResponse)
        /// A 5xx answer whose `error` is neither `invalid_grant` nor `invalid_client`.
        public static let serverError = Code(kind: .serverError)

        /// The code's name, such as `invalidGrant` or `serverError`.
        public var description: String { "\(kind)" }
    }

    /// What went wrong, for programs to match; new codes may be added.
    public let code: Code
    /// The `error` field of the answer, when there was one (`invalid_grant`, …).
    public let oauthError: String?
    /// One line for a person; the server's text in it is cut short and made printable.
    public let message: String

    /// An error the token endpoint's answer stands for.
    /// - Parameters:
    ///   - code: what went wrong; it decides ``category``.
    ///   - oauthError: the answer's `error` field, if it had one.
    ///   - message: one line for a person, without a secret.
    public init(_ code: Code, oauthError: String? = nil, _ message: String) {
        self.code = code
        self.oauthError = oauthError
        self.message = message
    }

    /// ``ErrorCategory/loginRequired`` for ``Code/invalidGrant``, ``ErrorCategory/failure`` for every
    /// other code (an ``Code/invalidClient`` included).
    public var category: ErrorCategory { code == .invalidGrant ? .loginRequired : .failure }
    /// ``message``.
    public var description: String { message }
}
