import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running sandbox: a local stand-in for Atlassian's authorization server and the CSM REST API.
///
/// Start one with ``start(_:logger:)`` (or scoped, with ``withSandbox(_:logger:isolation:_:)``),
/// point a client at ``baseURL`` as both the authorization server and the API gateway, and use the
/// knobs here (``stats``, ``setFaults(_:)``, ``revokeAllGrants()``, ``issueTokens(for:clientID:scopes:)``)
/// from tests. Every method is safe to call from any thread.
public final class SandboxServer: Sendable {
    /// Why the sandbox could not start.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The kind of failure; new kinds may be added.
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

            public var description: String { base.rawValue }
        }

        /// The kind of failure.
        public let code: Code
        /// One line a person can act on.
        public let message: String

        /// Creates an error.
        public init(code: Code, message: String) {
            self.code = code
            self.message = message
        }

        public var description: String { message }
    }

    /// The configuration the sandbox was started with (lifetimes may have changed since; see ``updateSettings(accessTokenLifetime:reuseInterval:refreshTokenInactivity:)``).
    public let configuration: SandboxConfiguration
    /// The bound address, as configured.
    public let host: String
    /// The bound port (the real one when the configuration asked for port 0).
    public let port: Int
    /// `http://HOST:PORT`: both the authorization server (AUTH_URL) and the API gateway (API_URL).
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

    /// Binds and starts serving.
    /// - Parameters:
    ///   - configuration: what to serve; the default is one site, the default client and the seeded users on a free loopback port.
    ///   - logger: receives one line per request (never a secret); `nil` logs nothing.
    /// - Returns: the running server. Call ``stop()`` when done.
    /// - Throws: ``Error`` when the configuration is invalid or the address cannot be bound.
    public static func start(_ configuration: SandboxConfiguration = .init(), logger: Logger? = nil) async throws -> SandboxServer {
        try configuration.validate()
        let logger = logger ?? Logger(label: "csm-sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        let urlHost = Loopback.urlHost(configuration.host)
        let state = Locked(SandboxState(configuration: configuration, baseURL: "http://\(urlHost):\(configuration.port)"))
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

    /// Stops listening and closes every open connection. Calling it again does nothing.
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

    /// Waits until the server stops (after ``stop()``), for programs whose whole job is to serve.
    public func waitUntilStopped() async throws {
        try await serverChannel.closeFuture.get()
    }

    // MARK: What it serves

    /// The sites, with their fixed cloudIds and their URLs under ``baseURL``.
    public var sites: [SandboxSite] { state.withLock { $0.sites } }
    /// The accounts and their roles.
    public var users: [SandboxUser] { configuration.users }
    /// The registered OAuth apps.
    public var clients: [SandboxClient] { configuration.clients }

    /// `{baseURL}/jsm/csm/cloudid/{cloudId}/api/v1` for `site` (the first site by default).
    public func apiBaseURL(for site: SandboxSite? = nil) -> String {
        "\(baseURL)/jsm/csm/cloudid/\((site ?? sites[0]).cloudID)/api/v1"
    }

    /// The authorization URL a client would open, with every required parameter.
    /// - Parameters:
    ///   - clientID: the app; the first configured client by default.
    ///   - redirectURI: the callback; the client's first registered one by default.
    ///   - scopes: the scopes asked for; all of the client's by default.
    ///   - state: the `state` value.
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

    /// Request counters since the start or the last ``resetStats()``.
    public var stats: SandboxStats { state.withLock { $0.stats } }

    /// Sets every counter to zero.
    public func resetStats() {
        state.withLock { $0.stats = SandboxStats() }
    }

    /// The faults in force (counted faults show what is left).
    public var faults: SandboxFaults { state.withLock { $0.faults } }

    /// Replaces the injected faults; pass ``SandboxFaults/none`` to stop injecting.
    public func setFaults(_ faults: SandboxFaults) {
        state.withLock { $0.faults = faults }
    }

    /// Revokes every grant: all access and refresh tokens and pending codes stop working, as when
    /// users revoke the app in their Atlassian account.
    public func revokeAllGrants() {
        state.withLock {
            $0.grants.revokeAll()
            $0.pendingConsents.removeAll()
        }
    }

    /// Adds (or replaces) a service account credential.
    public func addServiceAccount(_ account: SandboxServiceAccount) {
        state.withLock { $0.addServiceAccount(account) }
    }

    /// Deletes a service account credential and revokes every token it bought, as an
    /// organization admin does. Returns whether it existed.
    @discardableResult
    public func revokeServiceAccount(id: String) -> Bool {
        state.withLock { $0.revokeServiceAccount(id: id) }
    }

    /// Changes lifetimes for tokens issued or checked from now on; `nil` keeps a value.
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

    /// Mints tokens for a user as if they had consented in the browser.
    /// - Parameters:
    ///   - email: the user; the configured default user by default.
    ///   - clientID: the app; the first configured client by default.
    ///   - scopes: the granted scopes; all of the app's by default (a refresh token comes with `offline_access`).
    ///   - cloudIDs: the sites the grant covers, in accessible-resources order; every site by default.
    ///     A token used with another site's API answers 401.
    /// - Returns: what the token endpoint would have answered.
    /// - Throws: ``Error`` for an unknown user, client or site.
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
            return state.issueTokens(client: client, user: user, scopes: scopes ?? client.scopes, cloudIDs: cloudIDs ?? known)
        }
    }

    /// Mints an authorization code as if the user had pressed Accept, to exchange at `/oauth/token`.
    /// - Parameters:
    ///   - email: the user; the configured default user by default.
    ///   - clientID: the app; the first configured client by default.
    ///   - redirectURI: the redirect URI the exchange must repeat; the client's first by default.
    ///   - scopes: the granted scopes; all of the app's by default.
    /// - Throws: ``Error`` for an unknown user or client.
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
/// - Parameters:
///   - configuration: what to serve (defaults: a free loopback port, one site, the default client).
///   - logger: receives one line per request; `nil` logs nothing.
///   - body: the work to do while the sandbox runs.
/// - Returns: what `body` returns.
/// - Throws: ``SandboxServer/Error`` when the sandbox cannot start, or what `body` throws.
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
