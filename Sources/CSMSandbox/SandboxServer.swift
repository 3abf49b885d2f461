import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running sandbox: a local stand-in for Atlassian's authorization server and the CSM REST API.
///
/// Start one with ``start(_:logger:)`` and stop it with ``stop()``, or let
/// ``withSandbox(_:logger:isolation:_:)`` do both around a closure. Point the client under test
/// at ``baseURL`` as both the authorization server and the API gateway: one server plays every
/// part Atlassian plays, on one loopback port.
///
/// ```swift
/// try await withSandbox(SandboxConfiguration(autoApprove: true)) { sandbox in
///     // CSM_AUTH_AUTH_URL and CSM_AUTH_API_URL = sandbox.baseURL, e.g. "http://127.0.0.1:41234"
///     let tokens = try sandbox.issueTokens(for: "agent@sandbox.example")   // no browser needed
///     // … run the code under test …
///     #expect(sandbox.stats.refreshGrants == 0)
/// }
/// ```
///
/// Besides serving HTTP, the server has knobs for tests: counters (``stats``), injected failures
/// (``setFaults(_:)``), revocation (``revokeAllGrants()``), lifetimes
/// (``updateSettings(accessTokenLifetime:reuseInterval:refreshTokenInactivity:)``) and tokens or
/// codes minted without a browser (``issueTokens(for:clientID:scopes:cloudIDs:)``,
/// ``issueAuthorizationCode(for:clientID:redirectURI:scopes:)``). Every member is safe to call
/// from any thread, also while requests are being served. Several sandboxes can run at once,
/// each on its own port.
public final class SandboxServer: Sendable {
    /// Why the sandbox could not start, or why a call named something it does not know.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The kind of failure, to compare with the static members; new kinds may be added, so a
        /// `switch` over codes needs a `default`.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            fileprivate enum Base: String, Sendable {
                case invalidConfiguration, remoteNotAllowed, bindFailed, unknownUser, unknownClient, unknownSite
            }

            fileprivate let base: Base

            /// A configuration value is out of range or inconsistent.
            public static let invalidConfiguration = Code(base: .invalidConfiguration)
            /// The host is not a loopback address and ``SandboxConfiguration/allowRemote`` is off.
            public static let remoteNotAllowed = Code(base: .remoteNotAllowed)
            /// The address could not be bound (port in use, no such address, no permission).
            public static let bindFailed = Code(base: .bindFailed)
            /// A Swift API call named a user the sandbox does not know.
            public static let unknownUser = Code(base: .unknownUser)
            /// A Swift API call named a client the sandbox does not know.
            public static let unknownClient = Code(base: .unknownClient)
            /// A Swift API call named a cloudId the sandbox does not serve.
            public static let unknownSite = Code(base: .unknownSite)

            /// The code's name as written here, e.g. `bindFailed`.
            public var description: String { base.rawValue }
        }

        /// The kind of failure.
        public let code: Code
        /// One line a person can act on, e.g. `cannot listen on 127.0.0.1:8977: Address already in use`.
        /// It never contains a secret.
        public let message: String

        /// Creates an error.
        /// - Parameters:
        ///   - code: The kind of failure.
        ///   - message: One line that says what went wrong and, where it helps, what to do.
        public init(code: Code, message: String) {
            self.code = code
            self.message = message
        }

        /// The ``message`` alone, so that printing the error prints the line a person can act on.
        public var description: String { message }
    }

    /// The configuration the sandbox was started with, unchanged: the lifetimes in force may differ
    /// since a call to ``updateSettings(accessTokenLifetime:reuseInterval:refreshTokenInactivity:)``
    /// or `POST /_sandbox/settings`, and the faults since ``setFaults(_:)``.
    public let configuration: SandboxConfiguration
    /// The bound address, as configured in ``SandboxConfiguration/host``.
    public let host: String
    /// The bound TCP port: the one the system picked when the configuration asked for port 0.
    public let port: Int
    /// The sandbox's root URL, `http://HOST:PORT` without a trailing slash (IPv6 hosts in
    /// brackets), e.g. `http://127.0.0.1:41234`.
    ///
    /// It is both the authorization server (what csm-auth calls `CSM_AUTH_AUTH_URL`, Atlassian's
    /// `https://auth.atlassian.com`) and the API gateway (`CSM_AUTH_API_URL`,
    /// `https://api.atlassian.com`).
    public let baseURL: String

    private let state: Locked<SandboxState>
    private let serverChannel: any Channel
    private let connections: Locked<[ObjectIdentifier: any Channel]>
    private let logger: Logger

    private init(
        configuration: SandboxConfiguration, port: Int, baseURL: String, state: Locked<SandboxState>,
        serverChannel: any Channel, connections: Locked<[ObjectIdentifier: any Channel]>, logger: Logger
    ) {
        self.configuration = configuration
        self.host = configuration.host
        self.port = port
        self.baseURL = baseURL
        self.state = state
        self.serverChannel = serverChannel
        self.connections = connections
        self.logger = logger
    }

    /// Checks the configuration, binds its address and starts serving.
    ///
    /// The server answers on NIO's shared event loops until ``stop()``; the call returns as soon
    /// as the address is bound, so requests can be sent at once.
    /// - Parameters:
    ///   - configuration: What to serve; the default is one site, the default client and the
    ///     seeded users on a free loopback port.
    ///   - logger: Receives one info line per request, `METHOD /path → status` (never a query
    ///     string, header or body, so never a secret); `nil`, the default, logs nothing.
    /// - Returns: The running server. Call ``stop()`` when done.
    /// - Throws: ``Error`` with code ``Error/Code-swift.struct/remoteNotAllowed`` for a non-loopback
    ///   host without ``SandboxConfiguration/allowRemote``,
    ///   ``Error/Code-swift.struct/invalidConfiguration`` for a value out of range (see
    ///   ``SandboxConfiguration``), or ``Error/Code-swift.struct/bindFailed`` when the address
    ///   cannot be bound (port in use, no such address, no permission).
    public static func start(_ configuration: SandboxConfiguration = .init(), logger: Logger? = nil) async throws
        -> SandboxServer
    {
        try configuration.validate()
        let logger = logger ?? Logger(label: "csm-sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        let urlHost = Loopback.urlHost(configuration.host)
        let state = Locked(
            SandboxState(configuration: configuration, baseURL: "http://\(urlHost):\(configuration.port)"))
        let connections = Locked<[ObjectIdentifier: any Channel]>([:])
        let maximumBodySize = configuration.maximumBodySize
        let respond: @Sendable (SandboxRequest) -> SandboxResponse = { request in
            let response = state.withLock { $0.respond(to: request) }
            // The path only: query strings carry codes and states, headers carry tokens.
            logger.info("\(request.method.rawValue) \(request.path) → \(response.status.code)")
            return response
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                connections.withLock { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in
                    _ = connections.withLock { $0.removeValue(forKey: id) }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        SandboxHTTPHandler(maximumBodySize: maximumBodySize, respond: respond))
                }
            }
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)

        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            // errno's own words ("Address already in use") read better than NIO's call-site description.
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw Error(code: .bindFailed, message: "cannot listen on \(urlHost):\(configuration.port): \(reason)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        let baseURL = "http://\(urlHost):\(port)"
        state.withLock { $0.setBaseURL(baseURL) }
        logger.info("listening on \(baseURL)")
        return SandboxServer(
            configuration: configuration, port: port, baseURL: baseURL, state: state, serverChannel: channel,
            connections: connections, logger: logger)
    }

    /// Stops listening and closes every open connection, also those in the middle of a request.
    ///
    /// Calling it again does nothing. The sandbox's state (grants, counters) is dropped with the
    /// server; a new one starts afresh.
    /// - Throws: An error of NIO's if the listening socket cannot be closed.
    public func stop() async throws {
        do {
            try await serverChannel.close()
        } catch ChannelError.alreadyClosed {
            // Stopped before: nothing to do.
        }
        let open = connections.withLock { Array($0.values) }
        for channel in open {
            try? await channel.close()
        }
    }

    /// Waits until the server stops, that is until ``stop()`` is called from elsewhere, for
    /// programs whose whole job is to serve (the `csm-sandbox` executable stops on SIGINT or SIGTERM).
    /// - Throws: An error of NIO's if the listening socket fails.
    public func waitUntilStopped() async throws {
        try await serverChannel.closeFuture.get()
    }

    // MARK: What it serves

    /// The sites served, ``SandboxConfiguration/siteCount`` of them in order, with their fixed
    /// cloudIds and their URLs under ``baseURL``.
    public var sites: [SandboxSite] { state.withLock { $0.sites } }
    /// The accounts that can consent and call the API: ``SandboxConfiguration/users``.
    public var users: [SandboxUser] { configuration.users }
    /// The registered OAuth apps: ``SandboxConfiguration/clients``.
    public var clients: [SandboxClient] { configuration.clients }

    /// The base URL of a site's CSM REST API, as a client builds it from the API gateway and the
    /// cloudId.
    /// - Parameter site: The site; the first one when `nil` (the default).
    /// - Returns: `{baseURL}/jsm/csm/cloudid/{cloudId}/api/v1`, without a trailing slash;
    ///   append e.g. `/organization/1`.
    public func apiBaseURL(for site: SandboxSite? = nil) -> String {
        "\(baseURL)/jsm/csm/cloudid/\((site ?? sites[0]).cloudID)/api/v1"
    }

    /// The authorization URL a client would open in the browser, with every parameter Atlassian
    /// requires (`audience`, `client_id`, `scope`, `redirect_uri`, `state`,
    /// `response_type=code`, `prompt=consent`).
    ///
    /// Opening it shows the consent page, or with ``SandboxConfiguration/autoApprove`` answers at
    /// once with the redirect to `redirectURI` that carries a code.
    /// - Parameters:
    ///   - clientID: The app's client id; the first configured client's by default.
    ///   - redirectURI: The callback; the client's first registered one by default.
    ///   - scopes: The scopes asked for; all of the client's by default.
    ///   - state: The `state` value, echoed in the redirect.
    /// - Returns: `{baseURL}/authorize?…`, the parameters form-encoded.
    public func authorizationURL(
        clientID: String? = nil, redirectURI: String? = nil, scopes: [String]? = nil, state: String
    ) -> String {
        let client = clientID.flatMap { id in clients.first { $0.id == id } } ?? clients[0]
        let query = FormEncoding.encode([
            ("audience", AuthorizationRequest.audience),
            ("client_id", clientID ?? client.id),
            ("scope", (scopes ?? client.scopes).joined(separator: " ")),
            ("redirect_uri", redirectURI ?? client.redirectURIs[0]),
            ("state", state),
            ("response_type", "code"),
            ("prompt", "consent"),
        ])
        return "\(baseURL)/authorize?\(query)"
    }

    // MARK: Test knobs

    /// The request counters since the start or the last ``resetStats()`` (or
    /// `POST /_sandbox/stats/reset`), a snapshot taken at the time of the call.
    public var stats: SandboxStats { state.withLock { $0.stats } }

    /// Sets every counter of ``stats`` to zero, e.g. after a test's setup steps, so that it counts
    /// only what the code under test did.
    public func resetStats() {
        state.withLock { $0.stats = SandboxStats() }
    }

    /// The faults in force: those of the configuration, ``setFaults(_:)`` or `POST /_sandbox/faults`.
    /// A counted fault shows what is left of it, and is `nil` once used up.
    public var faults: SandboxFaults { state.withLock { $0.faults } }

    /// Replaces the injected faults, all at once; pass ``SandboxFaults/none`` to stop injecting.
    /// - Parameter faults: The faults from now on; requests already being answered are not affected.
    public func setFaults(_ faults: SandboxFaults) {
        state.withLock {
            $0.faults = faults
            $0.rateLimitedUntil = nil
        }
    }

    /// Revokes every grant: all access and refresh tokens and unused authorization codes stop
    /// working, and open consent pages can no longer be answered, as when users revoke the app in
    /// their Atlassian account.
    ///
    /// Requests with a revoked token answer 401; a refresh answers 403 `invalid_grant`. New logins
    /// work as before.
    public func revokeAllGrants() {
        state.withLock {
            $0.grants.revokeAll()
            $0.pendingConsents.removeAll()
        }
    }

    /// Adds a service account credential, or replaces the one with the same id.
    /// - Parameter account: The credential; from now on it can get tokens with
    ///   `grant_type=client_credentials`.
    public func addServiceAccount(_ account: SandboxServiceAccount) {
        state.withLock { $0.addServiceAccount(account) }
    }

    /// Creates an API token with scopes for a user or a service account, as Atlassian's "Create
    /// API token with scopes" does: it works through the gateway only (see ``SandboxScopedAPIToken``).
    /// - Parameters:
    ///   - email: The owner's email: one of ``users``, or a service account's
    ///     (``SandboxServiceAccount/user``).
    ///   - scopes: What the token may do; default ``SandboxScopedAPIToken/defaultScopes``.
    /// - Returns: The new token, or `nil` when no account has `email`.
    public func createScopedAPIToken(email: String, scopes: [String] = SandboxScopedAPIToken.defaultScopes)
        -> String?
    {
        state.withLock { $0.createScopedAPIToken(email: email, scopes: scopes) }
    }

    /// Deletes a service account credential and revokes every token it got, as an organization
    /// admin does.
    /// - Parameter id: The credential's client id.
    /// - Returns: `true` when it existed, `false` when there was nothing to delete.
    @discardableResult
    public func revokeServiceAccount(id: String) -> Bool {
        state.withLock { $0.revokeServiceAccount(id: id) }
    }

    /// Changes lifetimes for tokens issued or checked from now on, as `POST /_sandbox/settings`
    /// does; `nil` keeps a value.
    ///
    /// Expiry is decided when a token is used, so a shorter value also shortens the life of
    /// refresh tokens already issued. The values are not checked: pass non-negative seconds.
    /// - Parameters:
    ///   - accessTokenLifetime: Seconds an access token issued from now on is valid; see
    ///     ``SandboxConfiguration/accessTokenLifetime``.
    ///   - reuseInterval: Seconds a used refresh token keeps working; see
    ///     ``SandboxConfiguration/reuseInterval``.
    ///   - refreshTokenInactivity: Seconds an unused refresh token stays valid; see
    ///     ``SandboxConfiguration/refreshTokenInactivity``.
    public func updateSettings(
        accessTokenLifetime: TimeInterval? = nil, reuseInterval: TimeInterval? = nil,
        refreshTokenInactivity: TimeInterval? = nil
    ) {
        state.withLock { state in
            if let accessTokenLifetime { state.settings.accessTokenLifetime = accessTokenLifetime }
            if let reuseInterval { state.settings.reuseInterval = reuseInterval }
            if let refreshTokenInactivity { state.settings.refreshTokenInactivity = refreshTokenInactivity }
        }
    }

    /// Mints tokens for a user as if they had consented in the browser and the client had exchanged
    /// the code, without a browser or an HTTP request (nor a count in ``stats``).
    ///
    /// The tokens belong to a new grant, with the lifetimes in force: refresh them, revoke them
    /// and use them in the API as any others.
    /// - Parameters:
    ///   - email: The user, one of ``users``; ``SandboxConfiguration/defaultUserEmail`` by default.
    ///   - clientID: The app; the first configured client by default.
    ///   - scopes: The granted scopes; all of the app's by default. A refresh token comes only with
    ///     `offline_access`.
    ///   - cloudIDs: The sites the grant covers, in accessible-resources order; every site by
    ///     default. A token used with another site's API answers 401.
    /// - Returns: What the token endpoint would have answered.
    /// - Throws: ``Error`` with code ``Error/Code-swift.struct/unknownUser``,
    ///   ``Error/Code-swift.struct/unknownClient`` or ``Error/Code-swift.struct/unknownSite`` when
    ///   `email`, `clientID` or one of `cloudIDs` names nothing the sandbox serves.
    public func issueTokens(
        for email: String? = nil, clientID: String? = nil, scopes: [String]? = nil, cloudIDs: [String]? = nil
    ) throws -> SandboxTokenResponse {
        try state.withLock { state in
            let user = try Self.user(email ?? state.defaultUser.email, in: state)
            let client = try Self.client(clientID, in: state)
            let known = state.sites.map(\.cloudID)
            if let unknown = cloudIDs?.first(where: { !known.contains($0) }) {
                throw Error(code: .unknownSite, message: "no sandbox site with cloudId \(unknown)")
            }
            return state.issueTokens(
                client: client, user: user, scopes: scopes ?? client.scopes, cloudIDs: cloudIDs ?? known)
        }
    }

    /// Mints an authorization code as if the user had pressed Accept on the consent page, to test
    /// a client's code exchange at `POST /oauth/token` without the browser step.
    ///
    /// The code is single-use and lives ``SandboxConfiguration/authorizationCodeLifetime``; the
    /// grant it starts covers every site.
    /// - Parameters:
    ///   - email: The user, one of ``users``; ``SandboxConfiguration/defaultUserEmail`` by default.
    ///   - clientID: The app; the first configured client by default.
    ///   - redirectURI: The redirect URI the exchange must repeat exactly; the client's first
    ///     registered one by default.
    ///   - scopes: The granted scopes; all of the app's by default.
    /// - Returns: The code, as the redirect's `code` parameter would carry it.
    /// - Throws: ``Error`` with code ``Error/Code-swift.struct/unknownUser`` or
    ///   ``Error/Code-swift.struct/unknownClient`` when `email` or `clientID` names nothing the
    ///   sandbox serves.
    public func issueAuthorizationCode(
        for email: String? = nil, clientID: String? = nil, redirectURI: String? = nil, scopes: [String]? = nil
    ) throws -> String {
        try state.withLock { state in
            let user = try Self.user(email ?? state.defaultUser.email, in: state)
            let client = try Self.client(clientID, in: state)
            return state.grants.issueCode(
                clientID: client.id, redirectURI: redirectURI ?? client.redirectURIs[0], user: user,
                scopes: scopes ?? client.scopes, cloudIDs: state.sites.map(\.cloudID), now: state.clock(),
                settings: state.settings)
        }
    }

    private static func user(_ email: String, in state: SandboxState) throws(Error) -> SandboxUser {
        guard let user = state.user(email: email) else {
            throw Error(code: .unknownUser, message: "no sandbox user \(email)")
        }
        return user
    }

    private static func client(_ id: String?, in state: SandboxState) throws(Error) -> SandboxClient {
        guard let client = id.map({ state.client(id: $0) }) ?? state.clients.first else {
            throw Error(code: .unknownClient, message: "no sandbox client \(id ?? "")")
        }
        return client
    }
}

/// Runs `body` with a started sandbox and stops it afterwards, also when `body` throws.
///
/// ```swift
/// @Test func refreshesOnce() async throws {
///     try await withSandbox(SandboxConfiguration(accessTokenLifetime: 2)) { sandbox in
///         // … point the code under test at sandbox.baseURL and run it …
///         #expect(sandbox.stats.refreshGrants == 1)
///     }
/// }
/// ```
/// - Parameters:
///   - configuration: What to serve; the default is a free loopback port, one site, the default
///     client and the seeded users.
///   - logger: Receives one line per request (never a secret); `nil`, the default, logs nothing.
///   - isolation: The actor `body` runs on; leave the default, the caller's.
///   - body: The work to do while the sandbox runs; it gets the running server.
/// - Returns: What `body` returns.
/// - Throws: ``SandboxServer/Error`` when the sandbox cannot start (see
///   ``SandboxServer/start(_:logger:)``), what `body` throws (the sandbox is stopped first), or
///   an error of NIO's when it cannot be stopped.
public func withSandbox<Result>(
    _ configuration: SandboxConfiguration = .init(),
    logger: Logger? = nil,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (SandboxServer) async throws -> Result
) async throws -> Result {
    let server = try await SandboxServer.start(configuration, logger: logger)
    let result: Result
    do {
        result = try await body(server)
    } catch {
        try? await server.stop()
        throw error
    }
    try await server.stop()
    return result
}
