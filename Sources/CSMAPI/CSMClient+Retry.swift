import CSMAuth
import FoundationEssentials

extension CSMClient {
    /// Why ``CSMClient`` waits before sending a request again.
    public enum RetryReason: Sendable, Equatable {
        /// A 429 or 503 answer's `Retry-After` (seconds) asked for the wait.
        case retryAfter
        /// A 429 or 503 answer's `X-RateLimit-Reset` (an ISO 8601 time, with or without seconds)
        /// asked for the wait.
        case rateLimitReset
        /// A server error (5xx) to an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS): a
        /// doubling wait from half a second; or a 429 that names no wait: a random wait of up to
        /// half a second, one second, two… (exponential backoff with full jitter).
        case backoff
    }

    /// What ``CSMClient/willRetry`` is told before each wait.
    public struct RetryNotice: Sendable, Equatable {
        /// The status of the answer that is retried.
        public let status: Int
        /// How long the client waits before sending again.
        public let delay: Duration
        /// Which retry follows the wait, from 1.
        public let attempt: Int
        /// Why it waits.
        public let reason: RetryReason

        /// - Parameters:
        ///   - status: the answer's status.
        ///   - delay: the wait.
        ///   - attempt: which retry follows, from 1.
        ///   - reason: why it waits.
        public init(status: Int, delay: Duration, attempt: Int, reason: RetryReason) {
            self.status = status
            self.delay = delay
            self.attempt = attempt
            self.reason = reason
        }
    }

    /// Whether a 401 says the token lacks a scope (`Unauthorized; scope does not match`): a refresh
    /// would only rotate the token for nothing, since a refreshed token has the same scopes.
    public static func isScopeMismatch(_ response: HTTPResponse) -> Bool {
        response.isScopeMismatch
    }

    /// Methods that may be sent twice without doing twice: a server error to them is retried.
    static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased())
    }

    /// What to do about `response` before retry `attempt` (from 1) of a `method` request.
    ///
    /// - A 429 or 503 that asks for a wait (`Retry-After`, else `X-RateLimit-Reset`): that wait,
    ///   whole, when it is at most ``maximumRetryDelay``, else a refusal naming it.
    /// - A 429 that names no wait: an exponential backoff with full jitter, a random wait of up to
    ///   0.5 s, 1 s, 2 s… (never more than ``maximumRetryDelay``).
    /// - Another 5xx (or a 503 that names no wait) to an idempotent method: a doubling wait from
    ///   0.5 s, at most ``maximumRetryDelay``.
    /// - Anything else: nil, not retried.
    func retryPlan(for response: HTTPResponse, method: String, attempt: Int) -> RetryPlan? {
        if response.status == 429 || response.status == 503 {
            if let (wait, reason) = RateLimitHeaders(response).requestedWait(now: now()) {
                return wait > maximumRetryDelay ? .refuse(wait) : .wait(wait, reason, closesGate: true)
            }
            if response.status == 429 {
                let ceiling = min(Self.doublingWait(attempt: attempt), maximumRetryDelay)
                let jittered = Duration.milliseconds(Int64.random(in: 0...max(0, ceiling.wholeMilliseconds)))
                return .wait(jittered, .backoff, closesGate: false)
            }
        }
        guard response.status >= 500, response.status <= 599, Self.isIdempotent(method) else { return nil }
        return .wait(min(Self.doublingWait(attempt: attempt), maximumRetryDelay), .backoff, closesGate: false)
    }

    /// 0.5 s doubled for each retry after the first (without overflowing).
    static func doublingWait(attempt: Int) -> Duration {
        .milliseconds(500) * (1 << min(max(attempt - 1, 0), 16))
    }

    /// What ``retryPlan(for:method:attempt:)`` decides.
    enum RetryPlan: Equatable {
        /// Wait, then send again; `closesGate` when the server asked for the wait, so that the other
        /// calls of the site wait with it.
        case wait(Duration, RetryReason, closesGate: Bool)
        /// The server asked for a longer wait than ``CSMClient/maximumRetryDelay``: fail at once.
        case refuse(Duration)
    }
}
