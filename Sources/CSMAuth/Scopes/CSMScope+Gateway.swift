extension CSMScope {
    // MARK: Jira platform and Jira Service Management (classic scopes, through the gateway)

    /// `read:jira-work`: read issues, projects and their fields in the Jira platform API.
    package static let readJiraWork = CSMScope(rawValue: "read:jira-work")
    /// `write:jira-work`: create and change issues, comments and worklogs in the Jira platform API.
    package static let writeJiraWork = CSMScope(rawValue: "write:jira-work")
    /// `read:jira-user`: read users, `myself` included, in the Jira platform API.
    package static let readJiraUser = CSMScope(rawValue: "read:jira-user")
    /// `read:servicedesk-request`: read service desks, request types and customer requests (JSM).
    package static let readServiceDeskRequest = CSMScope(rawValue: "read:servicedesk-request")
    /// `write:servicedesk-request`: raise and change customer requests (JSM).
    package static let writeServiceDeskRequest = CSMScope(rawValue: "write:servicedesk-request")
    /// `manage:servicedesk-customer`: add and remove a service desk's customers and organizations (JSM).
    package static let manageServiceDeskCustomer = CSMScope(rawValue: "manage:servicedesk-customer")
}
