import Foundation
import NIOHTTP1

extension SandboxState {
    /// Requests: `POST request/form/external` (a request through a help centre's form) and
    /// `POST request/form/helpcenter/{helpCenterId}/issue/{issueIdOrKey}/comment`.
    mutating func requestFormRoute(_ call: APICall) -> SandboxResponse? {
        let path = call.path
        guard call.request.method == .POST, path.count >= 3, path[0] == "request", path[1] == "form" else { return nil }
        if path.count == 3, path[2] == "external" {
            return createRequest(call)
        }
        if path.count == 7, path[2] == "helpcenter", path[4] == "issue", path[6] == "comment" {
            return addComment(call, helpCenterID: path[3], issue: path[5])
        }
        return nil
    }

    static let writeRequestScope = "write:csm-request:jira-service-management"

    /// `{"helpCenterId","origin","summary","description","email"?,"metadata"?}` → 201 `{"issueId","issueKey"}`.
    private mutating func createRequest(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.writeRequestScope) { return refusal }
        guard let json = JSONValue.parse(call.request.body), case .object = json else {
            return .apiError(.badRequest, "The body must be a JSON object.")
        }
        // Only agents may raise a request for someone else.
        if json["email"] != nil, let refusal = requireAgent(call, toDo: "set the reporter of a request") {
            return refusal
        }
        guard let helpCenterID = json["helpCenterId"]?.stringValue, !helpCenterID.isEmpty else {
            return .apiError(.badRequest, "helpCenterId is required.")
        }
        for name in ["origin", "summary"]
        where (json[name]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            return .apiError(.badRequest, "\(name) is required.")
        }
        guard json["description"]?.stringValue != nil else {
            return .apiError(.badRequest, "description is required.")
        }
        var reporter = call.caller.user.email
        if let email = json["email"] {
            guard let text = email.stringValue, EmailAddress.isPlausible(text) else {
                return .apiError(.badRequest, "email must be an email address.")
            }
            reporter = text
        }
        if let metadata = json["metadata"] {
            guard let members = metadata.objectValue else {
                return .apiError(.badRequest, "metadata must be a JSON object.")
            }
            for (key, value) in members {
                switch value {
                case .array, .object: return .apiError(.badRequest, "metadata must be flat: '\(key)' is nested.")
                default: continue
                }
            }
        }
        guard var directory = directories[call.cloudID], let helpCenter = directory.helpCenter(id: helpCenterID) else {
            return .apiError(.notFound, "No help centre with id '\(helpCenterID)'.")
        }
        if let refusal = Self.requireHelpCenterAccess(call, helpCenter, in: directory) { return refusal }
        let issue = directory.createRequest(
            helpCenterID: helpCenterID, summary: json["summary"]?.stringValue ?? "", reporterEmail: reporter)
        directories[call.cloudID] = directory
        return .json(["issueId": .string(issue.id), "issueKey": .string(issue.key)], status: .created)
    }

    /// `{"body","public"}` → 201 `{"id","body","public"}`; a customer may add only public comments
    /// to their own requests.
    private mutating func addComment(_ call: APICall, helpCenterID: String, issue idOrKey: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.writeRequestScope) { return refusal }
        guard let json = JSONValue.parse(call.request.body), let body = json["body"]?.stringValue,
            !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            return .apiError(.badRequest, "The body must be a JSON object with a non-empty body.")
        }
        var isPublic = true
        if let given = json["public"] {
            guard case .bool(let value) = given else { return .apiError(.badRequest, "public must be true or false.") }
            isPublic = value
        }
        guard var directory = directories[call.cloudID], let helpCenter = directory.helpCenter(id: helpCenterID) else {
            return .apiError(.notFound, "No help centre with id '\(helpCenterID)'.")
        }
        if let refusal = Self.requireHelpCenterAccess(call, helpCenter, in: directory) { return refusal }
        guard let index = directory.issueIndex(idOrKey),
            directory.catalog.issues[index].helpCenterIDs.contains(helpCenterID)
        else {
            return .apiError(.notFound, "No issue '\(idOrKey)' on help centre '\(helpCenterID)'.")
        }
        if call.caller.user.role == .customer {
            guard isPublic,
                directory.catalog.issues[index].reporterEmail.lowercased() == call.caller.user.email.lowercased()
            else {
                return .apiError(.forbidden, "Customers may add only public comments to their own requests.")
            }
        }
        let comment = SandboxIssue.Comment(
            id: String(directory.catalog.nextCommentNumber), body: body, isPublic: isPublic)
        directory.catalog.nextCommentNumber += 1
        directory.catalog.issues[index].comments.append(comment)
        directories[call.cloudID] = directory
        return .json(["id": .string(comment.id), "body": .string(body), "public": .bool(isPublic)], status: .created)
    }

    /// 403 for a customer using a help centre restricted to organizations none of theirs has
    /// access to: such a customer cannot see the help centre, let alone raise or comment through it.
    private static func requireHelpCenterAccess(
        _ call: APICall, _ helpCenter: SandboxHelpCenter, in directory: CSMDirectory
    ) -> SandboxResponse? {
        guard call.caller.user.role == .customer, helpCenter.restricted else { return nil }
        let customer = directory.entity(.customer, id: call.caller.user.accountID)
        if let customer, directory.helpCenters(accessibleBy: customer).contains(where: { $0.id == helpCenter.id }) {
            return nil
        }
        return .apiError(.forbidden, "You do not have access to the help centre '\(helpCenter.name)'.")
    }
}
