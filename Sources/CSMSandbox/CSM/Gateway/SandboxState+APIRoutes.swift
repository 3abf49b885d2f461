import NIOHTTP1

extension SandboxState {
    /// The CSM API's routes, tried in order after the gateway's checks: each answers the requests
    /// it recognises and returns nil for the others; no route recognising a request is a 404.
    static let apiRoutes: [@Sendable (inout SandboxState, APICall) -> SandboxResponse?] = [
        { $0.recordRoute($1) },
        { $0.bulkRoute($1) },
        { $0.taskRoute($1) },
        { $0.customerRoute($1) },
        { $0.organizationRoute($1) },
        { $0.productRoute($1) },
        { $0.entitlementRoute($1) },
        { $0.helpCenterRoute($1) },
        { $0.requestFormRoute($1) },
    ]

    // MARK: Checks shared by the routes

    /// 412 for an experimental operation called without `X-ExperimentalApi: opt-in`, as Atlassian answers.
    func requireOptIn(_ call: APICall) -> SandboxResponse? {
        call.optedIn
            ? nil
            : .apiError(.preconditionFailed, "This is an experimental API: send the header X-ExperimentalApi: opt-in.")
    }

    /// 403 unless the caller is a service desk agent or administrator.
    func requireAgent(_ call: APICall, toDo action: String) -> SandboxResponse? {
        call.caller.user.role.isAgent ? nil : .apiError(.forbidden, "You do not have permission to \(action).")
    }

    /// 403 unless the caller has the Administer Jira global permission: a service desk
    /// administrator (a project role) does not, as Atlassian documents.
    func requireJiraAdministrator(_ call: APICall, toDo action: String) -> SandboxResponse? {
        call.caller.user.role.administersJira ? nil : Self.needsAdministerJira(action)
    }

    /// 403 unless the caller administers the service desk (a Jira or service desk administrator).
    func requireServiceDeskAdministrator(_ call: APICall, toDo action: String) -> SandboxResponse? {
        call.caller.user.role.administersServiceDesk
            ? nil : .apiError(.forbidden, "Only administrators of the help centre can \(action).")
    }

    /// The 403 for a call that needs the Administer Jira global permission.
    static func needsAdministerJira(_ action: String) -> SandboxResponse {
        .apiError(.forbidden, "You need the Administer Jira global permission to \(action).")
    }
}
