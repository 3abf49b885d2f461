import NIOHTTP1

extension SandboxState {
    /// Help centres (all experimental): `GET|POST helpcenter/{id}/access/organization`,
    /// `DELETE helpcenter/{id}/access/organization/{organizationId}` (administrators), and
    /// `POST helpcenter/{id}/issue/{issueIdOrKey}/raise` (agents).
    mutating func helpCenterRoute(_ call: APICall) -> SandboxResponse? {
        let path = call.path
        guard path.first == "helpcenter", path.count >= 4 else { return nil }
        let helpCenterID = path[1]
        switch (call.request.method, path.count, path[2], path[3]) {
        case (.GET, 4, "access", "organization"):
            return listAccess(call, helpCenterID: helpCenterID)
        case (.POST, 4, "access", "organization"):
            return grantAccess(call, helpCenterID: helpCenterID)
        case (.DELETE, 5, "access", "organization"):
            if let refusal = check(call.caller, scope: Self.writeHelpCenterScope) ?? requireOptIn(call)
                ?? requireServiceDeskAdministrator(call, toDo: "manage help centre access")
            {
                return refusal
            }
            return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
                try directory.revokeAccess(toHelpCenter: helpCenterID, organizationID: path[4])
                return .empty(status: .noContent)
            }
        case (.POST, 5, "issue", _) where path[4] == "raise":
            return raise(call, helpCenterID: helpCenterID, issue: path[3])
        default:
            return nil
        }
    }

    static let readHelpCenterScope = "read:helpcenter:jira-service-management"
    static let writeHelpCenterScope = "write:helpcenter:jira-service-management"
    /// At most this many organizations per grant.
    static let maximumGrantedOrganizations = 5

    /// The organizations with access, `{"results":[{"id","name"}],"startAt","limit","isLastPage"}`.
    private func listAccess(_ call: APICall, helpCenterID: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.readHelpCenterScope) ?? requireOptIn(call)
            ?? requireServiceDeskAdministrator(call, toDo: "view help centre access")
        {
            return refusal
        }
        guard let directory = directories[call.cloudID], let helpCenter = directory.helpCenter(id: helpCenterID) else {
            return .apiError(.notFound, "No help centre with id '\(helpCenterID)'.")
        }
        guard helpCenter.restricted else {
            return .apiError(.badRequest, "The help centre '\(helpCenter.name)' is not restricted to organizations.")
        }
        let organizations = helpCenter.organizationIDs.compactMap { directory.entity(.organization, id: $0) }
        return paged(count: organizations.count, call, style: .offset("startAt")) {
            organizations[$0].map { ["id": .string($0.id), "name": .string($0.name)] }
        }
    }

    /// `POST …/access/organization` with `{"organizationIds":[…]}` (1 to 5 existing organizations).
    private mutating func grantAccess(_ call: APICall, helpCenterID: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.writeHelpCenterScope) ?? requireOptIn(call)
            ?? requireServiceDeskAdministrator(call, toDo: "manage help centre access")
        {
            return refusal
        }
        guard let ids = JSONValue.parse(call.request.body)?["organizationIds"]?.stringArrayValue else {
            return .apiError(.badRequest, "The body must be a JSON object with an organizationIds array of strings.")
        }
        guard (1...Self.maximumGrantedOrganizations).contains(ids.count) else {
            return .apiError(.badRequest, "Give 1 to \(Self.maximumGrantedOrganizations) organization ids.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            try directory.grantAccess(toHelpCenter: helpCenterID, organizationIDs: ids)
            return .empty(status: .noContent)
        }
    }

    /// Makes an issue visible on a help centre and attaches the help centre's form, and answers a
    /// link to the raised issue on the site's help centre, `{"link":"{site}/servicedesk/customer/portal/{id}/{key}"}`
    /// (Atlassian: "a link to the raised issue in the support site"); 409 when a form is already attached.
    private mutating func raise(_ call: APICall, helpCenterID: String, issue idOrKey: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.writeRequestScope) ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "raise requests on a help centre")
        {
            return refusal
        }
        guard var directory = directories[call.cloudID], directory.helpCenter(id: helpCenterID) != nil else {
            return .apiError(.notFound, "No help centre with id '\(helpCenterID)'.")
        }
        guard let index = directory.issueIndex(idOrKey) else {
            return .apiError(.notFound, "No issue with id or key '\(idOrKey)'.")
        }
        guard !directory.catalog.issues[index].hasForm else {
            return .apiError(.conflict, "The issue \(directory.catalog.issues[index].key) already has a form attached.")
        }
        directory.catalog.issues[index].hasForm = true
        directory.catalog.issues[index].helpCenterIDs.append(helpCenterID)
        directories[call.cloudID] = directory
        let siteURL = sites.first { $0.cloudID == call.cloudID }?.url ?? ""
        let key = directory.catalog.issues[index].key
        return .json(["link": .string("\(siteURL)/servicedesk/customer/portal/\(helpCenterID)/\(key)")])
    }
}
