import CSMAuth
import FoundationEssentials

extension CSMClient {
    /// Why ``CSMClient`` waits before sending a request again.
    public enum RetryReason: Sendable, Equatable {
        /// A 429 or 503 answer's `Retry-After` (seconds) asked for the wait.
        case retryAfter
        /// A 429 or 503 answer's `X-RateLimit-Reset` (an ISO 8601 time) asked for the wait.
        case rateLimitReset
        /// A server error (5xx) to an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS): a
        /// doubling wait from half a second.
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
        response.status == 401
            && String(decoding: response.body.prefix(4096), as: UTF8.self).lowercased().contains("scope does not match")
    }

    /// Methods that may be sent twice without doing twice: a server error to them is retried.
    static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased())
    }

    /// The wait before retry `attempt` (from 1) of `response`, and why; nil when it is not retried.
    func retryPlan(for response: HTTPResponse, method: String, attempt: Int) -> (Duration, RetryReason)? {
        if response.status == 429 || response.status == 503 {
            if let delay = serverAskedDelay(response) { return delay }
            if response.status == 429 { return nil }
        }
        guard response.status >= 500, response.status <= 599, Self.isIdempotent(method) else { return nil }
        let backoff = Duration.milliseconds(500) * (1 << min(attempt - 1, 16))
        return (min(backoff, maximumRetryDelay), .backoff)
    }

    /// The wait `Retry-After` (seconds) or else `X-RateLimit-Reset` (ISO 8601) asks for, capped at
    /// ``maximumRetryDelay``; nil when neither header is there and readable.
    func serverAskedDelay(_ response: HTTPResponse) -> (Duration, RetryReason)? {
        if let value = response.header("Retry-After").flatMap({ Double($0.trimmingWhitespace()) }), value >= 0,
            value.isFinite
        {
            return (min(.milliseconds(Int64(min(value, 86_400) * 1000)), maximumRetryDelay), .retryAfter)
        }
        if let text = response.header("X-RateLimit-Reset"),
            let reset = try? Date(text.trimmingWhitespace(), strategy: .iso8601)
        {
            let seconds = max(0, min(reset.timeIntervalSince(now()), 86_400))
            return (min(.milliseconds(Int64(seconds * 1000)), maximumRetryDelay), .rateLimitReset)
        }
        return nil
    }
}
