/// An Atlassian account known to the sandbox, with the role that decides what the CSM API lets it do.
public struct SandboxUser: Sendable, Hashable {
    /// The roles the CSM documentation names.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Jira administrator: everything, including managing detail fields.
        case jiraAdministrator
        /// Service desk (project) administrator: also manages detail fields.
        case serviceDeskAdministrator
        /// Agent: reads and updates customers and organizations, reads field definitions.
        case agent
        /// Customer: reads only their own customer record.
        case customer

        /// Whether the role may create, change and delete detail fields.
        var managesDetailFields: Bool { self == .jiraAdministrator || self == .serviceDeskAdministrator }
    }

    /// The login email, also the Basic-auth user name.
    public var email: String
    /// The display name shown on the consent page and in `/me`.
    public var displayName: String
    /// The Atlassian account id; for a customer it is also their CSM customer id.
    public var accountID: String
    /// The API token for `Authorization: Basic base64(email:apiToken)`.
    public var apiToken: String
    /// The user's role.
    public var role: Role

    /// Creates a user.
    public init(email: String, displayName: String, accountID: String, apiToken: String, role: Role) {
        self.email = email
        self.displayName = displayName
        self.accountID = accountID
        self.apiToken = apiToken
        self.role = role
    }

    /// `admin@sandbox.example`, Jira administrator, API token `sandbox-admin-token`.
    public static let jiraAdministrator = SandboxUser(
        email: "admin@sandbox.example", displayName: "Ada Admin",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000001", apiToken: "sandbox-admin-token",
        role: .jiraAdministrator)
    /// `sdadmin@sandbox.example`, service desk administrator, API token `sandbox-sdadmin-token`.
    public static let serviceDeskAdministrator = SandboxUser(
        email: "sdadmin@sandbox.example", displayName: "Sam Deskadmin",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000002", apiToken: "sandbox-sdadmin-token",
        role: .serviceDeskAdministrator)
    /// `agent@sandbox.example`, agent, API token `sandbox-agent-token`.
    public static let agent = SandboxUser(
        email: "agent@sandbox.example", displayName: "Avery Agent",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000003", apiToken: "sandbox-agent-token",
        role: .agent)
    /// `customer@sandbox.example`, customer (and a CSM customer record), API token `sandbox-customer-token`.
    public static let customer = SandboxUser(
        email: "customer@sandbox.example", displayName: "Casey Customer",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000004", apiToken: "sandbox-customer-token",
        role: .customer)

    /// One user per role, in the order above; the first is the default consenting user.
    public static let seeded: [SandboxUser] = [jiraAdministrator, serviceDeskAdministrator, agent, customer]
}
