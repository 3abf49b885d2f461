/// The authorization server refused a grant, or answered something that is not a token.
public struct OAuthError: CategorizedError, Sendable, Equatable {
    /// The kind of failure; a struct so new kinds don't break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: Hashable, Sendable { case invalidGrant, invalidClient, rejected, badResponse, serverError }
        let kind: Kind

        /// The code or refresh token is unknown, used, expired or revoked: the user must log in again.
        public static let invalidGrant = Code(kind: .invalidGrant)
        /// The client id or secret was refused.
        public static let invalidClient = Code(kind: .invalidClient)
        /// Any other OAuth error answer (`invalid_request`, `unauthorized_client`, …).
        public static let rejected = Code(kind: .rejected)
        /// A 2xx answer that is not a token response (HTML from a proxy, say).
        public static let badResponse = Code(kind: .badResponse)
        /// A 5xx answer.
        public static let serverError = Code(kind: .serverError)

        public var description: String { "\(kind)" }
    }

    public let code: Code
    /// The `error` field of the answer, when there was one (`invalid_grant`, …).
    public let oauthError: String?
    public let message: String

    public init(_ code: Code, oauthError: String? = nil, _ message: String) {
        self.code = code
        self.oauthError = oauthError
        self.message = message
    }

    public var category: ErrorCategory { code == .invalidGrant ? .loginRequired : .failure }
    public var description: String { message }
}
