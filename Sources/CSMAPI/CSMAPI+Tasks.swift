import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Tasks

    /// A bulk task's status and failures (`GET /tasks/{taskId}`, experimental); needs a service
    /// desk agent or Administer Jira. Atlassian keeps tasks for up to three days.
    /// - Throws: ``CSMAPIError`` (404) for an unknown or expired task.
    public func task(id: String) async throws -> CSMTask {
        try await decoded(
            "GET", "tasks/\(Self.segment(id))", scope: .readTask, experimental: true)
    }

    /// Polls a bulk task until it ends, and returns it.
    ///
    /// The waits between polls start at `pollInterval` and double up to `maximumPollInterval`.
    /// A task that ends ``CSMTaskStatus/failed`` is returned, not thrown: check ``CSMTask/status``
    /// (and ``CSMTask/failures`` of a finished one, whose listed items were not applied).
    /// - Parameters:
    ///   - id: the task's id (``CSMTaskSubmission/id``).
    ///   - timeout: the longest wait; default 5 minutes (Atlassian times tasks out after 30).
    ///   - pollInterval: the first wait; default 0.25 s.
    ///   - maximumPollInterval: the longest wait between two polls; default 5 s.
    /// - Returns: the task, ``CSMTaskStatus/finished`` or ``CSMTaskStatus/failed``.
    /// - Throws: `CSMAuthError` (`.taskTimeout`) when the task has not ended within `timeout`;
    ///   ``CSMAPIError`` when a poll is refused (404 for an unknown task).
    public func waitForTask(
        id: String, timeout: Duration = .seconds(300), pollInterval: Duration = .milliseconds(250),
        maximumPollInterval: Duration = .seconds(5)
    ) async throws -> CSMTask {
        let clock = ContinuousClock()
        let start = clock.now
        var waited = Duration.zero
        var interval = max(pollInterval, .milliseconds(1))
        while true {
            let task = try await task(id: id)
            if task.isDone { return task }
            // The injected sleep of a test may not take time: count the planned waits too.
            let elapsed = max(clock.now - start, waited)
            guard elapsed < timeout else {
                throw CSMAuthError(
                    .taskTimeout,
                    "task \(id.printableLine) was still \(task.status.rawValue.printableLine) after \(timeout.secondsText) s: wait longer, or read it later with `tasks/\(id.printableLine)`"
                )
            }
            let pause = min(interval, timeout - elapsed)
            try await client.sleep(pause)
            waited += pause
            interval = min(interval * 2, max(maximumPollInterval, pollInterval))
        }
    }

    /// ``waitForTask(id:timeout:pollInterval:maximumPollInterval:)`` for the task a bulk call answered.
    /// - Parameters:
    ///   - submission: the bulk call's answer.
    ///   - timeout: the longest wait; default 5 minutes.
    /// - Returns: the ended task.
    public func waitForTask(_ submission: CSMTaskSubmission, timeout: Duration = .seconds(300)) async throws -> CSMTask
    {
        try await waitForTask(id: submission.id, timeout: timeout)
    }
}
