import Foundation
import NIOHTTP1

extension SandboxState {
    /// `GET tasks/{taskId}` (experimental): `{"id","type","status","failures","createdAt","updatedAt"}`;
    /// an unknown task, or one that ended more than three days ago, is a 404.
    mutating func taskRoute(_ call: APICall) -> SandboxResponse? {
        guard call.request.method == .GET, call.path.count == 2, call.path[0] == "tasks" else { return nil }
        if let refusal = check(call.caller, scope: "read:task:jira-service-management") { return refusal }
        if let refusal = requireOptIn(call) { return refusal }
        if let refusal = requireAgent(call, toDo: "read tasks") { return refusal }
        let now = clock()
        guard let task = taskBoards[call.cloudID]?.task(id: call.path[1], at: now) else {
            return .apiError(.notFound, "No task with id '\(call.path[1])'.")
        }
        return .json(task.json(at: now))
    }

    /// Applies the bulk tasks of the site that have finished by now, before the request that
    /// could see their effect is answered (see ``TaskBoard``).
    mutating func settleBulkTasks(cloudID: String) {
        let now = clock()
        guard var board = taskBoards[cloudID], board.hasDueTasks(at: now), var directory = directories[cloudID] else {
            return
        }
        board.settle(at: now, directory: &directory)
        taskBoards[cloudID] = board
        directories[cloudID] = directory
    }
}
