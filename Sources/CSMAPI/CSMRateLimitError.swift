import CSMAuth
import FoundationEssentials

/// A 429 or 503 answer that asks for a longer wait than the client accepts
/// (``CSMClient/maximumRetryDelay``, `CSM_AUTH_MAX_RETRY_WAIT`): the call fails at once instead of
/// retrying early, which Atlassian would answer with the same or a longer wait.
public struct CSMRateLimitError: CategorizedError, Sendable {
    /// The method and path of the request, such as `GET organization/1`.
    public let request: String
    /// The answer: its status (429 or 503), headers and body.
    public let response: HTTPResponse
    /// The wait the answer asked for (`Retry-After`, else `X-RateLimit-Reset`), at most a day.
    public let requestedWait: Duration
    /// The longest wait the client accepts.
    public let maximumWait: Duration
    /// Which quota was spent, from `RateLimit-Reason` (such as `jira-quota-tenant-based`), one line
    /// of at most 100 characters; nil when the answer did not say.
    public let limitReason: String?

    /// - Parameters:
    ///   - request: the method and path, for the message.
    ///   - response: the answer.
    ///   - requestedWait: the wait it asked for.
    ///   - maximumWait: the longest wait the client accepts.
    public init(request: String, response: HTTPResponse, requestedWait: Duration, maximumWait: Duration) {
        self.request = request
        self.response = response
        self.requestedWait = requestedWait
        self.maximumWait = maximumWait
        limitReason = response.header("RateLimit-Reason").map { String($0.printableLine.prefix(100)) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A failure: waiting is for a later run to do.
    public var category: ErrorCategory { .failure }

    /// One line: the request, the status, the wait asked for and the limit, and the quota when named.
    public var description: String {
        var line =
            "\(request.printableLine) answered HTTP \(response.status) and asks to wait \(Self.seconds(requestedWait)), "
            + "longer than the \(Self.seconds(maximumWait)) accepted (CSM_AUTH_MAX_RETRY_WAIT): try again later"
        if let limitReason { line += " (RateLimit-Reason: \(limitReason))" }
        return line
    }

    /// A wait as whole seconds, rounded up, such as `3600 s`.
    static func seconds(_ wait: Duration) -> String {
        let (seconds, attoseconds) = wait.components
        return "\(seconds + (attoseconds > 0 ? 1 : 0)) s"
    }
}
