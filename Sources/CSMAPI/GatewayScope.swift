import CSMAuth

/// The classic scopes of the Jira platform and Jira Service Management calls that ``CSMAPI``
/// makes through the gateway (Atlassian's "Jira platform REST API" and "Jira Service Management
/// REST API" scopes), named in the error when a login lacks one.
enum GatewayScope {
    /// `read:jira-user`: the Jira platform's `myself`.
    static let readJiraUser = CSMScope(rawValue: "read:jira-user")
    /// `read:servicedesk-request`: service desks, request types and customer requests.
    static let readServiceDeskRequest = CSMScope(rawValue: "read:servicedesk-request")
    /// `write:servicedesk-request`: creating customer requests.
    static let writeServiceDeskRequest = CSMScope(rawValue: "write:servicedesk-request")
    /// `manage:servicedesk-customer`: adding and removing a service desk's customers and organizations.
    static let manageServiceDeskCustomer = CSMScope(rawValue: "manage:servicedesk-customer")
}
