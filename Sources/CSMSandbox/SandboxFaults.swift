import Foundation

/// Failures the sandbox injects on purpose, so clients' retry and error paths can be tested.
///
/// A sandbox starts with ``SandboxConfiguration/faults`` (``none`` by default);
/// ``SandboxServer/setFaults(_:)`` replaces them while it runs, and ``SandboxServer/faults``
/// reads back what is left of them. The same faults can be set over HTTP with
/// `POST /_sandbox/faults`, which is how tests of the `csm-sandbox` executable use them.
///
/// ```swift
/// // The next CSM API request answers 429 with Retry-After: 1; so does every request in the
/// // second that follows; then all is well again.
/// sandbox.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 1)))
/// ```
///
/// The faults touch only what they name: the token endpoint (``tokenEndpoint``, ``tokenAnswer``), the CSM API
/// (``rateLimit``, ``serviceUnavailable``, ``nearLimit``), or every answer but those of the `/_sandbox/`
/// control endpoints (``delay``).
public struct SandboxFaults: Sendable, Hashable {
    /// What the token endpoint (`POST /oauth/token`) answers instead of doing its job.
    ///
    /// The raw values are the names `POST /_sandbox/faults` takes in its `tokenEndpoint` member.
    /// A fault stays in force until it is changed.
    public enum TokenEndpointFault: String, Sendable, Hashable {
        /// No fault: the token endpoint works normally.
        case none
        /// Every token request is answered with status 500 and the JSON body
        /// `{"error":"server_error",…}`, as an outage would; it still counts in
        /// ``SandboxStats/tokenErrors``.
        case serverError = "500"
        /// Every token request is answered with status 200 and an HTML page, as a captive portal or a
        /// misconfigured proxy would answer, to check that a client does not take any 200 for tokens.
        case html
        /// Refresh grants are carried out (the refresh token rotates) but the connection is closed
        /// without an answer, as when a network drops the response: the client never sees the new
        /// tokens, and its old refresh token works only for the rest of the reuse interval.
        /// Authorization-code grants are answered normally.
        case dropAfterRefresh = "drop-after-refresh"
    }

    /// A fault that hits the next ``count`` CSM API requests, each answered with
    /// `Retry-After: retryAfter` and `X-RateLimit-Reset` (the same moment, in Atlassian's
    /// `yyyy-MM-ddTHH:mmZ`, rounded up to the minute); once they are used up the fault is gone (`nil`).
    public struct CountedFault: Sendable, Hashable {
        /// How many more CSM API requests get the fault; ``SandboxServer/faults`` shows what is left.
        public var count: Int
        /// The `Retry-After` value of each faulty answer, in whole seconds.
        public var retryAfter: Int

        /// Creates a counted fault.
        /// - Parameters:
        ///   - count: How many of the next CSM API requests get the fault; 0 hits none.
        ///   - retryAfter: The `Retry-After` value in whole seconds; default 1.
        public init(count: Int, retryAfter: Int = 1) {
            self.count = count
            self.retryAfter = retryAfter
        }
    }

    /// Members that replace those of every token answer the token endpoint gives, as a hostile or
    /// broken authorization server would answer: a huge or negative `expires_in`, a token with a
    /// line break. The grant is carried out first (a refresh token rotates), only the answer changes.
    ///
    /// Over HTTP it is the `tokenAnswer` member of `POST /_sandbox/faults`, a JSON object with any
    /// of `access_token`, `refresh_token`, `token_type`, `scope` (strings) and `expires_in` (a
    /// number); `null` clears it. It stays until changed.
    public struct TokenAnswerOverride: Sendable, Hashable {
        /// Replaces `access_token`; nil keeps the issued one.
        public var accessToken: String?
        /// Replaces `refresh_token` (and adds one to an answer without); nil keeps the answer's.
        public var refreshToken: String?
        /// Replaces `expires_in`, any finite number (`1e19`, `-1`, `0.5`); nil keeps the answer's.
        public var expiresIn: Double?
        /// Replaces `token_type`; nil keeps `Bearer`.
        public var tokenType: String?
        /// Replaces `scope`; nil keeps the granted scopes.
        public var scope: String?

        /// An override; every member nil by default (the answer as issued).
        /// - Parameters:
        ///   - accessToken: replaces `access_token`.
        ///   - refreshToken: replaces `refresh_token`.
        ///   - expiresIn: replaces `expires_in`.
        ///   - tokenType: replaces `token_type`.
        ///   - scope: replaces `scope`.
        public init(
            accessToken: String? = nil, refreshToken: String? = nil, expiresIn: Double? = nil,
            tokenType: String? = nil, scope: String? = nil
        ) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.expiresIn = expiresIn
            self.tokenType = tokenType
            self.scope = scope
        }
    }

    /// What the token endpoint does; ``TokenEndpointFault/none`` (the default) works normally.
    /// It stays until changed.
    public var tokenEndpoint: TokenEndpointFault
    /// Members that replace those of every successful token answer (see ``TokenAnswerOverride``);
    /// `nil` (the default): the answers as issued.
    public var tokenAnswer: TokenAnswerOverride?
    /// Makes the CSM API answer 429 Too Many Requests as Atlassian's rate limiter does: `count`
    /// times a request is refused and a wait of ``RateLimitFault/retryAfter`` seconds begins, and a
    /// request before that wait is over is refused again with the same wait, counted afresh; see
    /// ``RateLimitFault``. `nil` (the default): none.
    ///
    /// The fault is checked before anything else, credentials included.
    public var rateLimit: RateLimitFault?
    /// Makes the next `count` CSM API requests answer 503 Service Unavailable with `Retry-After`
    /// and `X-RateLimit-Reset`; checked after ``rateLimit``, which is used up first. `nil` (the
    /// default): none.
    public var serviceUnavailable: CountedFault?
    /// Makes every other CSM API answer say the budget is nearly spent, as Atlassian does when less
    /// than a fifth of it is left: `X-RateLimit-NearLimit: true`, with `X-RateLimit-Limit: 100` and
    /// `X-RateLimit-Remaining: 10`. `false` (the default): answers carry no rate-limit header.
    public var nearLimit: Bool
    /// How long to wait before writing every answer, in seconds, except the answers of the
    /// `/_sandbox/` control endpoints; `0` (the default) answers at once. The wait does not block
    /// other connections. Use it to test a client's timeouts.
    public var delay: TimeInterval

    /// Creates a fault set; the defaults inject nothing.
    /// - Parameters:
    ///   - tokenEndpoint: What the token endpoint does; see ``tokenEndpoint``.
    ///   - tokenAnswer: Members replacing those of every token answer; see ``tokenAnswer``.
    ///   - rateLimit: 429 answers of the CSM API; see ``rateLimit``.
    ///   - serviceUnavailable: 503 answers for the next CSM API requests; see ``serviceUnavailable``.
    ///   - nearLimit: whether answers say the budget is nearly spent; see ``nearLimit``.
    ///   - delay: Seconds to wait before every answer; see ``delay``.
    public init(
        tokenEndpoint: TokenEndpointFault = .none,
        tokenAnswer: TokenAnswerOverride? = nil,
        rateLimit: RateLimitFault? = nil,
        serviceUnavailable: CountedFault? = nil,
        nearLimit: Bool = false,
        delay: TimeInterval = 0
    ) {
        self.tokenEndpoint = tokenEndpoint
        self.tokenAnswer = tokenAnswer
        self.rateLimit = rateLimit
        self.serviceUnavailable = serviceUnavailable
        self.nearLimit = nearLimit
        self.delay = delay
    }

    /// No faults: the sandbox behaves normally. Pass it to ``SandboxServer/setFaults(_:)`` to stop
    /// injecting.
    public static let none = SandboxFaults()
}
