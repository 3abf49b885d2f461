extension SandboxFaults {
    /// Atlassian's rate limiter, as its rate-limiting page describes it, for ``SandboxFaults/rateLimit``.
    ///
    /// The next CSM API request is refused with 429 and a wait of ``retryAfter`` seconds begins. A
    /// request before the wait is over is refused again with the same `Retry-After`, and the wait
    /// starts over from it: a retry before the period "will fail and return the same or longer
    /// Retry-After period". Once the wait is over, the limit is hit again while ``count``
    /// lasts; then requests are answered normally and the fault is gone (`nil`).
    ///
    /// Each refusal carries `Retry-After`, `X-RateLimit-Reset` (the end of the wait in Atlassian's
    /// `yyyy-MM-ddTHH:mmZ`, rounded up to the minute), `X-RateLimit-Limit`,
    /// `X-RateLimit-Remaining: 0`, `X-RateLimit-NearLimit: true` and `RateLimit-Reason`; a
    /// ``bare`` fault carries none of them, as Atlassian warns a 429 may, and has no wait to
    /// respect: each of the next ``count`` requests is refused once.
    public struct RateLimitFault: Sendable, Hashable {
        /// How many more times the limit is hit; ``SandboxServer/faults`` shows what is left (0
        /// while the last wait runs).
        public var count: Int
        /// The wait of each refusal, in whole seconds (`Retry-After`).
        public var retryAfter: Int
        /// The quota named in `RateLimit-Reason`, such as `jira-burst-based` (the default) or
        /// `jira-quota-tenant-based`.
        public var reason: String
        /// Whether the refusals carry no header at all: no `Retry-After`, no `X-RateLimit-Reset`.
        public var bare: Bool

        /// Creates a rate-limit fault.
        /// - Parameters:
        ///   - count: How many times the limit is hit; 0 hits none.
        ///   - retryAfter: The wait in whole seconds; default 1.
        ///   - reason: The `RateLimit-Reason`; default `jira-burst-based`.
        ///   - bare: Whether the refusals carry no header; default `false`.
        public init(count: Int, retryAfter: Int = 1, reason: String = "jira-burst-based", bare: Bool = false) {
            self.count = count
            self.retryAfter = retryAfter
            self.reason = reason
            self.bare = bare
        }
    }
}
