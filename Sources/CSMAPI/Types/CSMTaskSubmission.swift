import CSMAuth

/// The answer of a bulk call: the task that will apply it (`{"id","statusUrl"}`).
///
/// Follow it with ``CSMAPI/waitForTask(id:timeout:pollInterval:maximumPollInterval:)`` or
/// ``CSMAPI/task(id:)``.
public struct CSMTaskSubmission: Sendable, Codable, Equatable {
    /// The task's id.
    public var id: String
    /// Where the task's status is read, such as `/api/v1/tasks/{id}`.
    public var statusUrl: String?

    /// - Parameters:
    ///   - id: the task's id.
    ///   - statusUrl: where its status is read.
    public init(id: String, statusUrl: String? = nil) {
        self.id = id
        self.statusUrl = statusUrl
    }
}
