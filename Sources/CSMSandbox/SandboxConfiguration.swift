import Foundation

/// Everything a sandbox is started with. Every value has a documented default.
///
/// The defaults describe Atlassian as documented: one site, the default client, one user per
/// role, tokens that live an hour, rotated refresh tokens that keep working for ten minutes.
/// Change only what a test is about:
///
/// ```swift
/// // Short-lived tokens, so that a client refreshes; no consent page.
/// let configuration = SandboxConfiguration(autoApprove: true, accessTokenLifetime: 2, reuseInterval: 0.3)
/// ```
///
/// ``SandboxServer/start(_:logger:)`` checks the values and throws
/// ``SandboxServer/Error`` with code ``SandboxServer/Error/Code-swift.struct/remoteNotAllowed``
/// for a non-loopback ``host`` without ``allowRemote``, or
/// ``SandboxServer/Error/Code-swift.struct/invalidConfiguration`` for a value out of range:
/// a port outside 0…65535, a site count outside 1…100, no client, a client without id, secret
/// or redirect URI, a ``defaultUserEmail`` that names none of the ``users``, a negative or
/// infinite lifetime, or a ``maximumBodySize`` under 1.
public struct SandboxConfiguration: Sendable {
    /// The address to bind: an IPv4 or IPv6 address or a host name. Default `127.0.0.1`.
    ///
    /// It must be a loopback address (`127.0.0.0/8`, `::1` or `localhost`, see
    /// ``isLoopbackHost(_:)``) unless ``allowRemote`` is set.
    public var host: String
    /// The TCP port to bind, 0…65535; `0` lets the system pick a free one, which
    /// ``SandboxServer/port`` and ``SandboxServer/baseURL`` then report. Default `0`, so that
    /// tests running at the same time never collide (the `csm-sandbox` executable defaults to 8977).
    public var port: Int
    /// Allows binding a non-loopback ``host``. Default `false`: the sandbox's client secret, users
    /// and API tokens are public, so anyone who can reach it can get its tokens.
    public var allowRemote: Bool
    /// The registered OAuth apps; at least one. Default: ``SandboxClient/default`` alone.
    ///
    /// The first one is the client that ``SandboxServer/issueTokens(for:clientID:scopes:cloudIDs:)``
    /// and ``SandboxServer/authorizationURL(clientID:redirectURI:scopes:state:)`` use when none is named.
    public var clients: [SandboxClient]
    /// The Atlassian accounts that can consent, call the API with Basic auth, and own tokens.
    /// Default: ``SandboxUser/seeded``, one user per role.
    public var users: [SandboxUser]
    /// Whether a valid `GET /authorize` is answered at once with the redirect that approves it (as
    /// if ``defaultUserEmail`` had pressed Accept on the consent page), so that a client which
    /// follows that redirect completes a login without a person. Default `false`: the consent page.
    ///
    /// An invalid request still gets the error page, never a redirect.
    public var autoApprove: Bool
    /// The email of the user who consents under ``autoApprove``, who is preselected on the consent
    /// page, and for whom tokens are minted when no user is named. It must be one of ``users``
    /// (compared without regard to case). Default `admin@sandbox.example`, the Jira administrator.
    public var defaultUserEmail: String
    /// How many sites to serve, 1…100 (``SandboxSite/maximumCount``). Default 1.
    ///
    /// Site *i* has a fixed cloudId and name; see ``SandboxSite``.
    public var siteCount: Int
    /// How long an access token is valid, in seconds (fractions allowed, e.g. `0.5`). Default 3600,
    /// Atlassian's hour. The token answer's `expires_in` is this value rounded up to whole seconds.
    public var accessTokenLifetime: TimeInterval
    /// How long a refresh token keeps working after its first use, in seconds (fractions
    /// allowed). Default 600, Atlassian's ten minutes.
    ///
    /// Each use within the interval answers a fresh token pair; a use after it revokes the whole
    /// grant (every access and refresh token descended from the same consent), as a replayed
    /// token would at Atlassian.
    public var reuseInterval: TimeInterval
    /// How long an unused refresh token stays valid, in seconds, counted from its own issue (so each
    /// rotation restarts the clock). Default 7 776 000, Atlassian's 90 days.
    public var refreshTokenInactivity: TimeInterval
    /// Atlassian's absolute limit on a grant's refresh tokens: 365 days after the consent, in seconds.
    public static let defaultRefreshTokenAbsoluteLifetime: TimeInterval = 365 * 24 * 3600
    /// How long after the consent every refresh token of a grant expires, whatever happens, in
    /// seconds; `nil` for no limit. Default 31 536 000, the 365 days Atlassian's documentation
    /// states (``defaultRefreshTokenAbsoluteLifetime``).
    public var refreshTokenAbsoluteLifetime: TimeInterval?
    /// How long an authorization code can be exchanged, in seconds. Default 600. A code is single-use
    /// whatever its lifetime: a second exchange fails and revokes the tokens the first one got.
    public var authorizationCodeLifetime: TimeInterval
    /// The largest request body accepted, in bytes; a larger one is answered with status 413 and
    /// the connection is closed. Default 1 048 576 (1 MiB).
    public var maximumBodySize: Int
    /// The faults in force from the start; change them later with ``SandboxServer/setFaults(_:)``.
    /// Default ``SandboxFaults/none``.
    public var faults: SandboxFaults
    /// The service account credentials that can get tokens with `grant_type=client_credentials`.
    /// Default none; add more later with ``SandboxServer/addServiceAccount(_:)``.
    public var serviceAccounts: [SandboxServiceAccount]
    /// The clock behind every expiry decision (codes, access and refresh tokens, the reuse interval,
    /// consent pages) and the `X-RateLimit-Reset` header. Default: the system clock.
    ///
    /// To test expiry without sleeping, inject a clock that the test moves by hand, such as
    /// `clock: { testClock.now }` where `testClock` is a `Sendable` object of the test whose time
    /// it advances: moved an hour on, every access token issued before has expired.
    public var clock: @Sendable () -> Date
    /// The largest page any CSM list answers, whatever the request asks (an operation's own
    /// maximum still applies when smaller). Default 50; set it to 2 or 3 to make a test page
    /// through a few items. Changeable at run time through `/_sandbox/settings`.
    public var pageSize: Int
    /// Seconds a bulk task stays `NOT_STARTED` and then `IN_PROGRESS` before it finishes (half
    /// each). Default 1. Changeable at run time through `/_sandbox/settings`.
    public var bulkTaskDelay: TimeInterval
    /// Generated customers added to every site's seeded ones, for long lists: `Customer 1` to
    /// `Customer N` (ids `qm:synthetic-000001` on), with `Region` set to `EU`, `US` and `APAC` in
    /// turn. Default 0; at most 1,000,000.
    public var syntheticCustomers: Int

    /// Creates a configuration; every parameter sets the property of the same name, whose
    /// documentation gives its meaning, unit and default.
    ///
    /// Nothing is checked here: ``SandboxServer/start(_:logger:)`` validates the values.
    /// - Parameters:
    ///   - host: The address to bind; see ``host``.
    ///   - port: The port to bind, `0` for a free one; see ``port``.
    ///   - allowRemote: Whether a non-loopback `host` is allowed; see ``allowRemote``.
    ///   - clients: The registered OAuth apps; see ``clients``.
    ///   - users: The accounts; see ``users``.
    ///   - autoApprove: Whether to skip the consent page; see ``autoApprove``.
    ///   - defaultUserEmail: Who consents by default; see ``defaultUserEmail``.
    ///   - siteCount: How many sites, 1…100; see ``siteCount``.
    ///   - accessTokenLifetime: In seconds; see ``accessTokenLifetime``.
    ///   - reuseInterval: In seconds; see ``reuseInterval``.
    ///   - refreshTokenInactivity: In seconds; see ``refreshTokenInactivity``.
    ///   - refreshTokenAbsoluteLifetime: In seconds, or `nil`; see ``refreshTokenAbsoluteLifetime``.
    ///   - authorizationCodeLifetime: In seconds; see ``authorizationCodeLifetime``.
    ///   - maximumBodySize: In bytes; see ``maximumBodySize``.
    ///   - faults: The faults from the start; see ``faults``.
    ///   - serviceAccounts: The client-credentials accounts; see ``serviceAccounts``.
    ///   - clock: The time source; see ``clock``.
    ///   - pageSize: The largest page of a CSM list; see ``pageSize``.
    ///   - bulkTaskDelay: In seconds; see ``bulkTaskDelay``.
    ///   - syntheticCustomers: How many generated customers; see ``syntheticCustomers``.
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
        refreshTokenAbsoluteLifetime: TimeInterval? = SandboxConfiguration.defaultRefreshTokenAbsoluteLifetime,
        authorizationCodeLifetime: TimeInterval = 600,
        maximumBodySize: Int = 1 << 20,
        faults: SandboxFaults = .none,
        serviceAccounts: [SandboxServiceAccount] = [],
        clock: @escaping @Sendable () -> Date = { Date() },
        pageSize: Int = 50,
        bulkTaskDelay: TimeInterval = 1,
        syntheticCustomers: Int = 0
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
        self.pageSize = pageSize
        self.bulkTaskDelay = bulkTaskDelay
        self.syntheticCustomers = syntheticCustomers
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
                message:
                    "refusing to listen on non-loopback address \(host) (the sandbox's secrets are public); allow it explicitly"
            )
        }
        guard (0...65535).contains(port) else { throw invalid("port \(port) is outside 0…65535") }
        guard (1...SandboxSite.maximumCount).contains(siteCount) else {
            throw invalid("site count \(siteCount) is outside 1…\(SandboxSite.maximumCount)")
        }
        guard !clients.isEmpty else { throw invalid("at least one client is required") }
        for client in clients {
            guard !client.id.isEmpty, !client.secret.isEmpty else {
                throw invalid("a client id and secret may not be empty")
            }
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
            ("refresh token inactivity", refreshTokenInactivity),
            ("authorization code lifetime", authorizationCodeLifetime),
        ] where !(value.isFinite && value >= 0) {
            throw invalid("\(name) must be a non-negative number of seconds")
        }
        guard maximumBodySize > 0 else { throw invalid("maximum body size must be positive") }
        guard (1...APISettings.maximumPageSize).contains(pageSize) else {
            throw invalid("page size \(pageSize) is outside 1…\(APISettings.maximumPageSize)")
        }
        guard (0...1_000_000).contains(syntheticCustomers) else {
            throw invalid("synthetic customers \(syntheticCustomers) is outside 0…1000000")
        }
        guard bulkTaskDelay.isFinite, bulkTaskDelay >= 0 else {
            throw invalid("bulk task delay must be a non-negative number of seconds")
        }
    }
}

extension SandboxConfiguration {
    /// Tells whether a host is a loopback address, which the sandbox binds without ``allowRemote``.
    /// - Parameter host: An IPv4 or IPv6 address (with or without brackets) or a host name.
    /// - Returns: `true` for `127.0.0.0/8`, `::1` and `localhost`; `false` for anything else,
    ///   including names that merely resolve to a loopback address.
    public static func isLoopbackHost(_ host: String) -> Bool {
        Loopback.isLoopback(host: host)
    }
}
