import Foundation

/// Everything the sandbox remembers, and the router that answers requests from it.
///
/// A value type with mutating endpoints and no I/O: ``SandboxServer`` keeps one behind a lock and
/// the HTTP handler feeds it complete requests, so the same logic can be driven without sockets.
struct SandboxState: Sendable {
    /// A consent page that was shown and awaits Accept or Deny.
    struct PendingConsent: Sendable {
        var request: AuthorizationRequest
        var expiresAt: Date
    }

    /// Registered apps.
    let clients: [SandboxClient]
    /// Service account credentials, by client id; the control endpoint adds and revokes them.
    var serviceAccounts: [String: SandboxServiceAccount] = [:]
    /// Accounts.
    let users: [SandboxUser]
    /// API tokens with scopes, which work through the gateway only.
    var scopedAPITokens: [SandboxScopedAPIToken] = []
    /// Sites; their URLs are filled in once the port is known.
    var sites: [SandboxSite]
    /// Whether `GET /authorize` approves at once.
    let autoApprove: Bool
    /// The consenting user under auto-approve, preselected on the consent page.
    let defaultUser: SandboxUser
    /// Current lifetimes.
    var settings: OAuthSettings
    /// The CSM API's page size and bulk task delay, changeable through `/_sandbox/settings`.
    var apiSettings: APISettings
    /// Codes, grants and tokens.
    var grants = GrantStore()
    /// Consent pages awaiting a decision, by their id.
    var pendingConsents: [String: PendingConsent] = [:]
    /// CSM data per cloudId.
    var directories: [String: CSMDirectory] = [:]
    /// Jira Service Management data per cloudId (the `servicedeskapi` calls), seeded on first use.
    var serviceDesks: [String: ServiceDeskBoard] = [:]
    /// Bulk tasks and their idempotency keys per cloudId.
    var taskBoards: [String: TaskBoard] = [:]
    /// Request counters.
    var stats = SandboxStats()
    /// Active faults.
    var faults: SandboxFaults
    /// The end of the wait the rate-limit fault asked for last, while it runs.
    var rateLimitedUntil: Date?
    /// The time source.
    let clock: @Sendable () -> Date

    /// How long a consent page stays answerable.
    static let consentLifetime: TimeInterval = 600

    /// Builds the initial state of a sandbox that will listen at `baseURL`.
    init(configuration: SandboxConfiguration, baseURL: String) {
        clients = configuration.clients
        for account in configuration.serviceAccounts { serviceAccounts[account.id] = account }
        users = configuration.users
        autoApprove = configuration.autoApprove
        defaultUser =
            configuration.users.first { $0.email.lowercased() == configuration.defaultUserEmail.lowercased() }
            ?? configuration.users.first ?? .jiraAdministrator
        settings = OAuthSettings(configuration)
        apiSettings = APISettings(pageSize: configuration.pageSize, bulkTaskDelay: configuration.bulkTaskDelay)
        faults = configuration.faults
        clock = configuration.clock
        sites = SandboxSite.make(count: configuration.siteCount, baseURL: baseURL)
        for site in sites {
            var directory = CSMDirectory.seeded(users: configuration.users)
            directory.addSyntheticCustomers(configuration.syntheticCustomers)
            directories[site.cloudID] = directory
        }
    }

    /// Points the site URLs at the address the server actually bound.
    mutating func setBaseURL(_ baseURL: String) {
        sites = SandboxSite.make(count: sites.count, baseURL: baseURL)
    }

    /// The registered client with `id`, or `nil`.
    func client(id: String) -> SandboxClient? {
        clients.first { $0.id == id }
    }

    /// The user with `email` (case-insensitive), or `nil`.
    func user(email: String) -> SandboxUser? {
        users.first { $0.email.lowercased() == email.lowercased() }
    }

    /// The user or service account with `email` (case-insensitive), or `nil`: who may own a scoped API token.
    func account(email: String) -> SandboxUser? {
        user(email: email) ?? serviceAccounts.values.map(\.user).first { $0.email.lowercased() == email.lowercased() }
    }

    /// Creates a scoped API token for the account with `email`; nil when there is none.
    mutating func createScopedAPIToken(email: String, scopes: [String]) -> String? {
        guard let owner = account(email: email) else { return nil }
        let token = "scoped-" + RandomToken.make()
        scopedAPITokens.append(SandboxScopedAPIToken(email: owner.email, token: token, scopes: scopes))
        return token
    }
}
