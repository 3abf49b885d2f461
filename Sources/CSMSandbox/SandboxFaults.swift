import Foundation

/// Failures the sandbox injects on purpose, so clients' retry and error paths can be tested.
public struct SandboxFaults: Sendable, Hashable {
    /// What the token endpoint answers instead of doing its job.
    public enum TokenEndpointFault: String, Sendable, Hashable {
        /// Normal behaviour.
        case none
        /// `500` with a JSON `server_error` body.
        case serverError = "500"
        /// `200` with an HTML page, as a captive portal or a misconfigured proxy would answer.
        case html
        /// Refresh grants are carried out (the token rotates) but the connection is closed without
        /// an answer, as when a network drops the response: the client never sees the new token.
        case dropAfterRefresh = "drop-after-refresh"
    }

    /// A fault that hits the next `count` API requests, each answered with `Retry-After: retryAfter`.
    public struct CountedFault: Sendable, Hashable {
        /// How many more requests get the fault.
        public var count: Int
        /// The `Retry-After` value, in whole seconds.
        public var retryAfter: Int

        /// Creates a counted fault.
        public init(count: Int, retryAfter: Int = 1) {
            self.count = count
            self.retryAfter = retryAfter
        }
    }

    /// Token endpoint behaviour; stays until changed.
    public var tokenEndpoint: TokenEndpointFault
    /// The next `count` CSM API requests answer 429.
    public var rateLimit: CountedFault?
    /// The next `count` CSM API requests answer 503 (checked after ``rateLimit``).
    public var serviceUnavailable: CountedFault?
    /// Extra wait before every answer except those of `/_sandbox/`, in seconds.
    public var delay: TimeInterval

    /// Creates a fault set; the defaults inject nothing.
    public init(
        tokenEndpoint: TokenEndpointFault = .none,
        rateLimit: CountedFault? = nil,
        serviceUnavailable: CountedFault? = nil,
        delay: TimeInterval = 0
    ) {
        self.tokenEndpoint = tokenEndpoint
        self.rateLimit = rateLimit
        self.serviceUnavailable = serviceUnavailable
        self.delay = delay
    }

    /// No faults.
    public static let none = SandboxFaults()
}
