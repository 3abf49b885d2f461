import Foundation

/// One asynchronous task made by a bulk call: its work, its timing and, once it has run, its failures.
///
/// The status follows from the clock alone: `NOT_STARTED` for the first half of the task's delay,
/// `IN_PROGRESS` for the second, then `FINISHED`. A task whose delay is longer than Atlassian's
/// 30-minute limit `FAILED` (timed out) at 30 minutes instead, having changed nothing.
struct BulkTask: Sendable {
    /// A task's status, as `GET tasks/{taskId}` shows it.
    enum Status: String, Sendable {
        case notStarted = "NOT_STARTED"
        case inProgress = "IN_PROGRESS"
        case finished = "FINISHED"
        case failed = "FAILED"

        /// Whether the task is done, one way or the other.
        var isTerminal: Bool { self == .finished || self == .failed }
    }

    /// How long a task may run before it counts as timed out (Atlassian: 30 minutes).
    static let timeLimit: TimeInterval = 30 * 60
    /// How long a finished task can still be read (Atlassian: up to 3 days).
    static let retention: TimeInterval = 3 * 24 * 3600

    /// The task's id.
    let id: String
    /// What the bulk call asked for.
    let work: BulkWork
    /// When the bulk call was accepted.
    let createdAt: Date
    /// Seconds from acceptance to the end, as the `bulkTaskDelay` knob was then.
    let delay: TimeInterval
    /// The items that could not be applied; filled in when the task runs.
    var failures: [BulkFailure] = []
    /// Whether the work has been applied to the directory (or given up, for a failed task).
    var isSettled = false

    /// When the task ends: finished after its delay, or failed at the time limit.
    var endsAt: Date { createdAt.addingTimeInterval(min(delay, Self.timeLimit)) }

    /// The status at `now`.
    func status(at now: Date) -> Status {
        let elapsed = now.timeIntervalSince(createdAt)
        if elapsed >= min(delay, Self.timeLimit) { return delay > Self.timeLimit ? .failed : .finished }
        return elapsed < delay / 2 ? .notStarted : .inProgress
    }

    /// The last time the status changed, at `now`.
    func updatedAt(at now: Date) -> Date {
        switch status(at: now) {
        case .notStarted: createdAt
        case .inProgress: createdAt.addingTimeInterval(delay / 2)
        case .finished, .failed: endsAt
        }
    }

    /// The task as `GET tasks/{taskId}` answers it at `now`; failures show once it has ended.
    func json(at now: Date) -> JSONValue {
        let status = status(at: now)
        let formatter = ISO8601DateFormatter()
        return [
            "id": .string(id),
            "type": .string(work.taskType),
            "status": .string(status.rawValue),
            "failures": .array(status.isTerminal ? failures.map(\.json) : []),
            "createdAt": .string(formatter.string(from: createdAt)),
            "updatedAt": .string(formatter.string(from: updatedAt(at: now))),
        ]
    }
}
