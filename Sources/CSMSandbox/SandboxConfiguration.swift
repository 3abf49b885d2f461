import Foundation

/// Everything a sandbox is started with. Every value has a documented default.
public struct SandboxConfiguration: Sendable {
    /// The address to bind; loopback unless ``allowRemote`` is set. Default `127.0.0.1`.
    public var host: String
    /// The port to bind; `0` picks a free one (read it back from ``SandboxServer/port``). Default `0`.
    public var port: Int
    /// Allows binding a non-loopback address. Default `false`: the sandbox has well-known secrets.
    public var allowRemote: Bool
    /// Registered OAuth apps. Default: ``SandboxClient/default``.
    public var clients: [SandboxClient]
    /// Accounts and their roles. Default: ``SandboxUser/seeded``.
    public var users: [SandboxUser]
    /// Answer `GET /authorize` with the approving redirect at once, without a consent page. Default `false`.
    public var autoApprove: Bool
    /// The user who consents under ``autoApprove`` and who is preselected on the consent page.
    /// Default `admin@sandbox.example`.
    public var defaultUserEmail: String
    /// How many sites (1…100). Default 1.
    public var siteCount: Int
    /// Access token lifetime in seconds (fractions allowed). Default 3600, as Atlassian.
    public var accessTokenLifetime: TimeInterval
    /// How long a rotated refresh token stays usable, in seconds. Default 600 (Atlassian's 10 minutes).
    public var reuseInterval: TimeInterval
    /// A refresh token expires after this many seconds without use. Default 90 days.
    public var refreshTokenInactivity: TimeInterval
    /// A grant's refresh tokens all expire this long after the first consent, whatever happens.
    /// Default `nil` (off): Atlassian's 365-day limit is unconfirmed today.
    public var refreshTokenAbsoluteLifetime: TimeInterval?
    /// Authorization code lifetime in seconds. Default 600.
    public var authorizationCodeLifetime: TimeInterval
    /// Largest accepted request body in bytes; larger ones answer 413. Default 1 MiB.
    public var maximumBodySize: Int
    /// Faults active from the start. Default none.
    public var faults: SandboxFaults
    /// Service account credentials (client credentials grants). None by default.
    public var serviceAccounts: [SandboxServiceAccount]
    /// The clock used for every expiry decision; inject one to test expiry without sleeping.
    public var clock: @Sendable () -> Date

    /// Creates a configuration; see each property for its default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        allowRemote: Bool = false,
        clients: [SandboxClient] = [.default],
        users: [SandboxUser] = SandboxUser.seeded,
        autoApprove: Bool = false,
        defaultUserEmail: String = SandboxUser.jiraAdministrator.email,
        siteCount: Int = 1,
        accessTokenLifetime: TimeInterval = 3600,
        reuseInterval: TimeInterval = 600,
        refreshTokenInactivity: TimeInterval = 90 * 24 * 3600,
        refreshTokenAbsoluteLifetime: TimeInterval? = nil,
        authorizationCodeLifetime: TimeInterval = 600,
        maximumBodySize: Int = 1 << 20,
        faults: SandboxFaults = .none,
        serviceAccounts: [SandboxServiceAccount] = [],
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.allowRemote = allowRemote
        self.clients = clients
        self.users = users
        self.autoApprove = autoApprove
        self.defaultUserEmail = defaultUserEmail
        self.siteCount = siteCount
        self.accessTokenLifetime = accessTokenLifetime
        self.reuseInterval = reuseInterval
        self.refreshTokenInactivity = refreshTokenInactivity
        self.refreshTokenAbsoluteLifetime = refreshTokenAbsoluteLifetime
        self.authorizationCodeLifetime = authorizationCodeLifetime
        self.maximumBodySize = maximumBodySize
        self.faults = faults
        self.serviceAccounts = serviceAccounts
        self.clock = clock
    }

    /// Checks the values that would make a broken sandbox.
    /// - Throws: ``SandboxServer/Error`` with code `.invalidConfiguration` or `.remoteNotAllowed`.
    func validate() throws(SandboxServer.Error) {
        func invalid(_ message: String) -> SandboxServer.Error {
            SandboxServer.Error(code: .invalidConfiguration, message: message)
        }
        guard allowRemote || Loopback.isLoopback(host: host) else {
            throw SandboxServer.Error(
                code: .remoteNotAllowed,
                message: "refusing to listen on non-loopback address \(host) (the sandbox's secrets are public); allow it explicitly")
        }
        guard (0...65535).contains(port) else { throw invalid("port \(port) is outside 0…65535") }
        guard (1...SandboxSite.maximumCount).contains(siteCount) else {
            throw invalid("site count \(siteCount) is outside 1…\(SandboxSite.maximumCount)")
        }
        guard !clients.isEmpty else { throw invalid("at least one client is required") }
        for client in clients {
            guard !client.id.isEmpty, !client.secret.isEmpty else { throw invalid("a client id and secret may not be empty") }
            guard !client.redirectURIs.isEmpty else { throw invalid("client \(client.id) has no redirect URI") }
            for uri in client.redirectURIs where URLComponents(string: uri)?.scheme == nil {
                throw invalid("redirect URI \(uri) is not an absolute URL")
            }
        }
        guard users.contains(where: { $0.email.lowercased() == defaultUserEmail.lowercased() }) else {
            throw invalid("default user \(defaultUserEmail) is not a sandbox user")
        }
        for (name, value) in [
            ("access token lifetime", accessTokenLifetime), ("reuse interval", reuseInterval),
            ("refresh token inactivity", refreshTokenInactivity), ("authorization code lifetime", authorizationCodeLifetime),
        ] where !(value.isFinite && value >= 0) {
            throw invalid("\(name) must be a non-negative number of seconds")
        }
        guard maximumBodySize > 0 else { throw invalid("maximum body size must be positive") }
    }
}

extension SandboxConfiguration {
    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`), which the sandbox binds without ``allowRemote``.
    public static func isLoopbackHost(_ host: String) -> Bool {
        Loopback.isLoopback(host: host)
    }
}
