import Foundation

/// One site's bulk tasks and the `Idempotency-Key`s that made them.
///
/// A task's work is applied to the site's directory when it finishes: the first API request to the
/// site at or after that moment runs every task that has become due, in the order they were
/// accepted (``settle(at:directory:)``), so what the task reports and what the records show agree.
struct TaskBoard: Sendable {
    /// Atlassian's limit of unfinished (`NOT_STARTED` or `IN_PROGRESS`) tasks per site: 10, as the
    /// bulk-operations guide says.
    static let maximumUnfinishedTasks = 10

    /// A bulk request accepted under an `Idempotency-Key`: what it was, and the task it made.
    struct Submission: Sendable, Equatable {
        /// The method and path, such as `POST customer/details/bulk`.
        var request: String
        /// The parsed body (nil when it was not JSON), compared by value so spacing does not matter.
        var body: JSONValue?
        /// The task it made.
        var taskID: String
    }

    private var tasks: [String: BulkTask] = [:]
    private var order: [String] = []
    private var submissions: [String: Submission] = [:]
    /// The number in the id of the next account `customer/bulk` creates on this site.
    var nextAccountNumber = 1

    /// The accepted request for `key`, if one was.
    func submission(forKey key: String) -> Submission? {
        submissions[key]
    }

    /// How many tasks have not ended at `now`.
    func unfinishedCount(at now: Date) -> Int {
        tasks.values.count { !$0.status(at: now).isTerminal }
    }

    /// Whether some task has ended but has not been applied yet.
    func hasDueTasks(at now: Date) -> Bool {
        tasks.values.contains { !$0.isSettled && $0.status(at: now).isTerminal }
    }

    /// Adds a task accepted under `key`.
    mutating func add(_ task: BulkTask, key: String, request: String, body: JSONValue?) {
        tasks[task.id] = task
        order.append(task.id)
        submissions[key] = Submission(request: request, body: body, taskID: task.id)
    }

    /// The task with `id`, unless it is unknown or ended more than three days before `now`.
    func task(id: String, at now: Date) -> BulkTask? {
        guard let task = tasks[id], now.timeIntervalSince(task.endsAt) <= BulkTask.retention else { return nil }
        return task
    }

    /// Applies every task that has finished by `now` to `directory`, in the order they were
    /// accepted, and records their failures; a task that failed (timed out) changes nothing.
    mutating func settle(at now: Date, directory: inout CSMDirectory) {
        for id in order {
            guard var task = tasks[id], !task.isSettled else { continue }
            switch task.status(at: now) {
            case .finished:
                task.failures = task.work.apply(to: &directory, nextAccountNumber: &nextAccountNumber)
            case .failed:
                break
            case .notStarted, .inProgress:
                continue
            }
            task.isSettled = true
            tasks[id] = task
        }
    }
}
