/// No endpoint of the etcd cluster answered: each was down, unreachable, paused, or a member
/// without a leader. The store is unavailable (exit 5); nothing was read or changed.
package struct EtcdUnavailableError: CategorizedError, Sendable, Equatable {
    /// One endpoint tried and why it did not serve.
    package struct Attempt: Sendable, Equatable {
        /// The endpoint, as configured.
        package var endpoint: String
        /// Why it did not serve, such as `connection refused` or `timed out`.
        package var reason: String

        /// - Parameters:
        ///   - endpoint: the endpoint, as configured.
        ///   - reason: why it did not serve.
        package init(endpoint: String, reason: String) {
            self.endpoint = endpoint
            self.reason = reason
        }
    }

    /// Every endpoint tried, in the order tried.
    package var attempts: [Attempt]

    /// - Parameter attempts: every endpoint tried, in order.
    package init(attempts: [Attempt]) {
        self.attempts = attempts
    }

    /// ``ErrorCategory/storeUnavailable``.
    package var category: ErrorCategory { .storeUnavailable }

    /// One line naming each endpoint tried and why it failed.
    package var description: String {
        let tried = attempts.map { "\($0.endpoint) (\($0.reason))" }.joined(separator: ", ")
        return "etcd is unreachable: tried \(tried); check CSM_AUTH_ETCD_ENDPOINTS and the cluster"
    }
}
