import Foundation
import NIOHTTP1

extension SandboxState {
    /// The bulk calls, `POST {kind}/details/definitions/bulk`, `{kind}/details/bulk`, `{kind}/bulk`
    /// and `{kind}/profile/bulk`: each checks the whole request and answers
    /// `{"id","statusUrl":"/api/v1/tasks/{id}"}` for a task that applies it later (``TaskBoard``).
    ///
    /// Checks, in order: the scope (401), the opt-in of the experimental ones (412), the role (403),
    /// then the `Idempotency-Key` (400 without; the same key again answers the first task for the
    /// same request, 400 for another), the body (400) and the limit of unfinished tasks (400).
    mutating func bulkRoute(_ call: APICall) -> SandboxResponse? {
        guard call.request.method == .POST, call.path.last == "bulk",
            let kind = call.path.first.flatMap(CSMDirectory.Kind.init(rawValue:)),
            let endpoint = BulkEndpoint(path: call.rest(after: 1))
        else { return nil }
        if let refusal = check(call.caller, scope: endpoint.scope(kind)) { return refusal }
        if endpoint.isExperimental, let refusal = requireOptIn(call) { return refusal }
        if endpoint.needsAdministrator(kind) {
            if let refusal = requireJiraAdministrator(call, toDo: endpoint.action(kind)) { return refusal }
        } else if let refusal = requireAgent(call, toDo: endpoint.action(kind)) {
            return refusal
        }
        guard let key = call.request.headers["Idempotency-Key"].first?.trimmingCharacters(in: .whitespaces),
            !key.isEmpty
        else {
            return .apiError(
                .badRequest,
                "The Idempotency-Key header is required: send a unique value, such as a UUID, with every bulk request.")
        }
        guard let directory = directories[call.cloudID] else { return .apiError(.notFound, "No such site.") }
        var board = taskBoards[call.cloudID] ?? TaskBoard()
        let request = "POST " + call.path.joined(separator: "/")
        let body = JSONValue.parse(call.request.body)
        if let earlier = board.submission(forKey: key) {
            guard earlier.request == request, earlier.body == body else {
                return .apiError(
                    .badRequest,
                    "The Idempotency-Key '\(key)' was already used with a different request: use a new key for a new request."
                )
            }
            return Self.submitted(earlier.taskID)
        }
        let work: BulkWork
        do throws(CSMDirectory.Error) {
            guard let body else { throw .invalid("The body must be JSON.") }
            work = try BulkWork.parse(body, endpoint: endpoint, kind: kind, directory: directory)
        } catch {
            return Self.answer(error)
        }
        let now = clock()
        guard board.unfinishedCount(at: now) < TaskBoard.maximumUnfinishedTasks else {
            return .apiError(.badRequest, "Maximum number of tasks reached")
        }
        let task = BulkTask(
            id: UUID().uuidString.lowercased(), work: work, createdAt: now, delay: apiSettings.bulkTaskDelay)
        board.add(task, key: key, request: request, body: body)
        taskBoards[call.cloudID] = board
        return Self.submitted(task.id)
    }

    /// `{"id","statusUrl"}`, the answer to an accepted bulk call.
    private static func submitted(_ taskID: String) -> SandboxResponse {
        .json(["id": .string(taskID), "statusUrl": .string("/api/v1/tasks/\(taskID)")])
    }
}
