/// An Atlassian account known to the sandbox, with the role that decides what the CSM API lets it do.
///
/// A user consents on the consent page (or under ``SandboxConfiguration/autoApprove``), owns the
/// tokens minted for them, and can call the CSM API with Basic auth,
/// `Authorization: Basic base64(email:apiToken)`. The sandbox knows ``seeded`` unless
/// ``SandboxConfiguration/users`` says otherwise. Its API tokens are public test values.
public struct SandboxUser: Sendable, Hashable {
    /// The roles the CSM documentation names, which decide what the CSM API allows.
    ///
    /// The raw values are the names `POST /_sandbox/service-accounts` takes in `role`.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Jira administrator, with the Administer Jira global permission: everything, including the
        /// detail-field definitions, customer accounts and deleting organizations.
        case jiraAdministrator
        /// Service desk (project) administrator: an agent who also manages help-centre access, but
        /// without the Administer Jira global permission, so the calls that need it answer 403.
        case serviceDeskAdministrator
        /// Agent: reads and changes customers, organizations and their detail values; the calls
        /// that need Administer Jira or a service desk administrator answer 403.
        case agent
        /// Customer: creates requests and comments as themselves; the calls that need an agent,
        /// reading their own customer record included, answer 403.
        case customer

        /// Whether the role has the Administer Jira global permission: detail-field definitions,
        /// customer accounts, deleting organizations, customers' emails in search results.
        var administersJira: Bool { self == .jiraAdministrator }

        /// Whether the role administers the service desk project (either administrator): help-centre access.
        var administersServiceDesk: Bool { self == .jiraAdministrator || self == .serviceDeskAdministrator }

        /// Whether the role is a Jira Service Management agent (either administrator too).
        var isAgent: Bool { self != .customer }
    }

    /// The login email, also the Basic-auth user name; users are looked up by it without regard
    /// to case.
    public var email: String
    /// The display name shown on the consent page and in `/me`.
    public var displayName: String
    /// The Atlassian account id (`account_id` in `/me`); for a customer it is also their CSM
    /// customer id.
    public var accountID: String
    /// The API token for `Authorization: Basic base64(email:apiToken)`, compared in constant time.
    public var apiToken: String
    /// What the CSM API lets the user do.
    public var role: Role

    /// Creates a user.
    /// - Parameters:
    ///   - email: The login email and Basic-auth user name.
    ///   - displayName: The name shown on the consent page and in `/me`.
    ///   - accountID: The Atlassian account id.
    ///   - apiToken: The API token for Basic auth; a test value, never a real one.
    ///   - role: What the CSM API lets the user do.
    public init(email: String, displayName: String, accountID: String, apiToken: String, role: Role) {
        self.email = email
        self.displayName = displayName
        self.accountID = accountID
        self.apiToken = apiToken
        self.role = role
    }

    /// Ada Admin, `admin@sandbox.example`, Jira administrator, API token `sandbox-admin-token`,
    /// account id `712020:0a0a0a0a-0000-4000-8000-000000000001`; the default consenting user.
    public static let jiraAdministrator = SandboxUser(
        email: "admin@sandbox.example", displayName: "Ada Admin",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000001", apiToken: "sandbox-admin-token",
        role: .jiraAdministrator)
    /// Sam Deskadmin, `sdadmin@sandbox.example`, service desk administrator, API token
    /// `sandbox-sdadmin-token`, account id `712020:0a0a0a0a-0000-4000-8000-000000000002`.
    public static let serviceDeskAdministrator = SandboxUser(
        email: "sdadmin@sandbox.example", displayName: "Sam Deskadmin",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000002", apiToken: "sandbox-sdadmin-token",
        role: .serviceDeskAdministrator)
    /// Avery Agent, `agent@sandbox.example`, agent, API token `sandbox-agent-token`, account id
    /// `712020:0a0a0a0a-0000-4000-8000-000000000003`.
    public static let agent = SandboxUser(
        email: "agent@sandbox.example", displayName: "Avery Agent",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000003", apiToken: "sandbox-agent-token",
        role: .agent)
    /// Casey Customer, `customer@sandbox.example`, customer, API token `sandbox-customer-token`,
    /// account id `712020:0a0a0a0a-0000-4000-8000-000000000004`, which is also the id of their CSM
    /// customer record (a member of organization 1).
    public static let customer = SandboxUser(
        email: "customer@sandbox.example", displayName: "Casey Customer",
        accountID: "712020:0a0a0a0a-0000-4000-8000-000000000004", apiToken: "sandbox-customer-token",
        role: .customer)

    /// One user per role: ``jiraAdministrator``, ``serviceDeskAdministrator``, ``agent`` and
    /// ``customer``, in that order.
    public static let seeded: [SandboxUser] = [jiraAdministrator, serviceDeskAdministrator, agent, customer]
}
