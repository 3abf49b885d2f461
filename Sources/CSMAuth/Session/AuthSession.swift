import FoundationEssentials
import Logging

/// One profile's credentials, kept valid: the heart of `token`, `header`, `env`, `exec` and `api`.
///
/// Refresh follows the rule that keeps Atlassian's rotating refresh tokens alive (two refreshes
/// with one token, or a rotated token that is not stored, end the login):
/// 1. read without a lock; a token valid for more than `minimumValidity` is used at once;
/// 2. otherwise take the profile's `flock` (bounded wait) and read again — another process may
///    have refreshed meanwhile;
/// 3. refresh once and replace the stored document in one write, then release.
/// Concurrent callers in one process share one refresh. `invalid_grant` marks the refresh token
/// dead, so later calls fail fast with "login required".
///
/// With the kernel cache (a key in the user's kernel keyring; on unless `CSM_AUTH_KERNEL_CACHE=0`
/// or a custom store is given), the lock is the protocol of `ProfileLock`: step 1 looks at the cache
/// instead of the store, and a miss goes straight to the lock: the holder reads the store,
/// refreshes if needed, and caches the result before it lets go, while the processes waiting
/// for the lock look at the cache each time it is let go and leave as soon as it holds a valid
/// token. So in a storm only one process reads the store, and the others leave within a few
/// milliseconds of the refresh. A holder that crashes releases the lock (the kernel drops
/// `flock`s of dead processes), and one of the waiters takes over.
///
/// - Warning: a crash between the server's answer and the store write loses the rotated token;
///   the old one still works within Atlassian's 10-minute reuse interval, so the next call recovers.
public actor AuthSession {
    /// The profile whose credentials the session keeps valid.
    public nonisolated let profile: String
    /// The variables, folders and stores the session works in; its ``CSMAuthEnvironment/toolName``
    /// is the command its "log in again" hints name.
    public nonisolated let environment: CSMAuthEnvironment
    let transport: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date
    let lockTimeout: Duration
    let storeOverride: (any CredentialStore)?
    /// The profile's lock; it watches no cache with a custom store (its tokens are not the profile's).
    let lock: ProfileLock
    /// Nil with a custom store (its tokens are not the profile's); off with `CSM_AUTH_KERNEL_CACHE=0`.
    var kernelCache: KernelCredentialCache? { lock.cache }
    private var refreshInFlight: Task<Credential, any Error>?

    /// A session for one profile; nothing is read until a credential is asked for.
    /// - Parameters:
    ///   - profile: the profile; give a valid name (``CredentialResolver/session(profile:)``
    ///     validates it, this initializer does not).
    ///   - environment: the variables, folders and stores to work in.
    ///   - transport: the HTTP client of refreshes; a ``CurlTransport`` by default.
    ///   - logger: receives refresh events; ``Logging/Logger/silent`` by default.
    ///   - store: the credential store to use instead of the one the profile's settings name
    ///     (a custom store, or a ``MemoryStore`` in tests). With one, the kernel cache is not used.
    ///   - lockTimeout: the longest wait for another process's refresh lock; default 30 s.
    ///   - now: the clock, for token expiry.
    public init(
        profile: String, environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport(),
        logger: Logger = .silent,
        store: (any CredentialStore)? = nil, lockTimeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storeOverride = store
        self.profile = profile
        self.environment = environment
        self.transport = transport
        self.logger = logger
        self.lockTimeout = lockTimeout
        self.now = now
        let lock = environment.profileLock(for: profile).reporting { [logger] in logger.debug("\($0)") }
        self.lock = store == nil ? lock : lock.withoutCache
    }

    /// A credential valid for more than `minimumValidity` seconds, refreshing when needed.
    ///
    /// An API token (Basic auth) never expires and is returned as it is. When the refresh fails
    /// for a reason other than a refused grant (the network, the server), an access token that
    /// is still valid, if only for less than `minimumValidity`, is returned instead of the error.
    /// - Parameter minimumValidity: how long the returned token must stay valid, in seconds;
    ///   default 60.
    /// - Throws: ``CSMAuthError`` (`.notLoggedIn`) when the profile has no settings or stored
    ///   credentials, (`.loginRevoked`) when the refresh token or the service account's credential
    ///   was refused, (`.noRefreshToken`) when the access token expired and there is no refresh
    ///   token, (`.lockTimeout`) when another process holds the profile's lock past the wait,
    ///   (`.invalidConfiguration`) when the settings file or the lock file cannot be used,
    ///   (`.invalidInput`) for an invalid profile name or endpoint URL; ``CredentialStoreError`` when the store
    ///   fails; ``OAuthError`` when the token endpoint refuses a refresh otherwise;
    ///   ``HTTPTransportError`` when it does not answer.
    public func credential(minimumValidity: TimeInterval = 60) async throws -> Credential {
        try await credential(minimumValidity: minimumValidity, holding: nil)
    }

    /// ``credential(minimumValidity:)`` for a caller that may already hold the profile's lock:
    /// the command line's hot path, which looked at the kernel cache and took the lock
    /// (``ProfileLock/take(watching:timeout:)``) before Swift's concurrency runtime started.
    /// With it, the session goes straight to step 3 of ``ProfileLock``'s protocol: it neither
    /// looks at the cache again nor takes the lock again (which, from a second descriptor of
    /// the same process, would wait for itself).
    /// - Parameters:
    ///   - minimumValidity: as for ``credential(minimumValidity:)``.
    ///   - held: the profile's lock, held by the caller; the session lets go of it once it has
    ///     cached its answer (or failed). Ignored when it is another lock file's.
    /// - Throws: the errors of ``credential(minimumValidity:)``.
    package func credential(minimumValidity: TimeInterval = 60, holding held: ProfileLock.Held?) async throws
        -> Credential
    {
        // Before the kernel cache's miss takes the profile's lock: the name is part of its path.
        _ = try ProfileName.validated(profile)
        if let held, held.path == lock.path {
            // Let go as soon as the answer is cached (or the read failed), as a lock the session
            // took itself is: the waiters need not wait for the caller to finish with it.
            return try await shared {
                defer { held.release() }
                return try await self.updateHoldingLock(observed: nil, force: false, minimumValidity: minimumValidity)
            }
        }
        if lock.watchesCache {
            if let cached = lock.cached(minimumValidity: Self.seconds(minimumValidity), now: Self.seconds(now())) {
                return try cached.credential(environment: environment)
            }
            try await requireSettingsBeforeCreatingTheLock()
            return try await shared { try await self.loadThroughCache(minimumValidity: minimumValidity) }
        }
        let (settings, stored) = try await load()
        if let current = try usable(settings, stored, minimumValidity: minimumValidity) { return current }
        return try await shared {
            try await self.refreshUnderLock(observed: stored, force: false, minimumValidity: minimumValidity)
        }
    }

    /// The access token (or API token) of ``credential(minimumValidity:)``, valid for more than a minute.
    /// - Throws: the errors of ``credential(minimumValidity:)``.
    public func accessToken() async throws -> Secret {
        try await credential().token
    }

    /// Refreshes now, even when the access token is still valid: a 3LO profile trades its refresh
    /// token, a service account mints a new token. The kernel-cached token is dropped first.
    /// - Returns: the new credential.
    /// - Throws: ``CSMAuthError`` (`.notApplicable`) for an API-token (Basic) profile, which has
    ///   nothing to refresh; otherwise the errors of ``credential(minimumValidity:)``, without the
    ///   fallback to a still-valid token.
    public func refresh() async throws -> Credential {
        let (settings, stored) = try await load()
        guard settings.auth != .basic else {
            throw CSMAuthError(
                .notApplicable, "profile '\(profile)' uses an API token (Basic auth), which has nothing to refresh")
        }
        return try await shared { try await self.refreshUnderLock(observed: stored, force: true, minimumValidity: 60) }
    }

    /// The sites the profile can use: those its OAuth grant reaches (`accessible-resources`), or
    /// the one site an API token or a service account was logged in with.
    ///
    /// For the latter the site comes from the settings as saved; it has an empty id, name or URL
    /// when the settings lack one.
    /// - Throws: the errors of ``credential(minimumValidity:)``; ``CSMAuthError`` (`.tokenRefused`)
    ///   when the API refuses the token, (`.unexpectedResponse`) for an answer that is not a list
    ///   of sites.
    public func sites() async throws -> [AccessibleResource] {
        try await sites(settings: try await load().settings)
    }

    /// ``sites()``, each marked with whether it is the site the profile's settings name.
    /// - Throws: the errors of ``sites()``.
    public func siteChoices() async throws -> [SiteChoice] {
        let settings = try await load().settings
        return try await sites(settings: settings).map { SiteChoice(site: $0, isSelected: $0.id == settings.cloudID) }
    }

    /// Makes the site `query` names (cloudId, URL, host or name) the profile's, among ``sites()``.
    /// - Parameter query: the site's cloudId, URL, host or name, compared case-insensitively.
    /// - Returns: the site now selected.
    /// - Throws: ``CSMAuthError`` (`.siteNotFound`, `.siteAmbiguous`) when nothing or several sites
    ///   match; the errors of ``sites()`` and of ``Profiles/selectSite(_:among:for:)``.
    @discardableResult
    public func selectSite(_ query: String) async throws -> AccessibleResource {
        try await Profiles(environment: environment).selectSite(query, among: try await sites(), for: profile)
    }

    private func sites(settings: ProfileSettings) async throws -> [AccessibleResource] {
        guard settings.auth == .oauth else {
            return [
                AccessibleResource(
                    id: settings.cloudID ?? "", name: settings.siteName ?? "", url: settings.siteURL ?? "")
            ]
        }
        let token = try await credential().token
        return try await SitesClient(transport: transport).accessibleResources(
            apiURL: try environment.apiURL(settings), accessToken: token)
    }

    /// Who the profile is logged in as, from its settings alone (no request): the account a
    /// login's `{API_URL}/me` named (`accountID`, `name`, `email`), or a Basic login's email; nil
    /// when the profile has no settings or its login could not tell (no `read:me` scope).
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name, (`.invalidConfiguration`)
    ///   when the settings file cannot be read or trusted.
    nonisolated public var account: AtlassianAccount? {
        get throws {
            _ = try ProfileName.validated(profile)
            return try Profiles(environment: environment).settings(profile)?.knownAccount
        }
    }

    // MARK: - Steps

    /// The profile's settings and stored credentials.
    /// - Throws: `.loginRequired` when either is missing.
    private func load() async throws -> (settings: ProfileSettings, stored: StoredCredentials) {
        _ = try ProfileName.validated(profile)
        guard let settings = try await Profiles(environment: environment).resolvedSettings(profile) else {
            throw CSMAuthError(.notLoggedIn, "profile '\(profile)' is not logged in", fix: loginCommand(nil))
        }
        guard let stored = try await store(for: settings).load(profile: profile) else {
            throw CSMAuthError(
                .notLoggedIn, "profile '\(profile)' has no stored credentials", fix: loginCommand(settings.auth))
        }
        // The file and keyring stores refuse such a document themselves; a custom store may not.
        if let field = stored.unusableField {
            throw StoredCredentials.unusable(
                field, in: "the store of profile '\(profile)'", fix: "run `\(loginCommand(settings.auth))`")
        }
        return (settings, stored)
    }

    /// The stored credential when it needs no refresh.
    func usable(_ settings: ProfileSettings, _ stored: StoredCredentials, minimumValidity: TimeInterval) throws
        -> Credential?
    {
        let apiURL = try environment.apiURL(settings)
        if settings.auth == .basic {
            guard let apiToken = stored.apiToken else {
                throw CSMAuthError(.notLoggedIn, "profile '\(profile)' has no API token", fix: loginCommand(.basic))
            }
            return Credential(
                scheme: .basic, token: apiToken, email: settings.email, expiresAt: nil, cloudID: settings.cloudID,
                apiURL: apiURL)
        }
        if stored.refreshTokenRevoked {
            throw CSMAuthError(
                .loginRevoked, "the login of profile '\(profile)' was revoked or has expired",
                fix: loginCommand(settings.auth))
        }
        guard let token = stored.accessToken, let expiry = stored.accessTokenExpiresAt,
            expiry.timeIntervalSince(now()) > minimumValidity
        else { return nil }
        return Credential(scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: apiURL)
    }

    /// One load or refresh per process at a time: later callers wait for the one in flight.
    private func shared(_ work: @escaping @Sendable () async throws -> Credential) async throws -> Credential {
        if let running = refreshInFlight { return try await running.value }
        let task = Task { try await work() }
        refreshInFlight = task
        defer { refreshInFlight = nil }
        return try await task.value
    }

    /// A cache miss takes the profile's lock before it reads the settings, and taking it creates
    /// the lock file: when there is none yet, the settings are read first, so that a profile that
    /// does not exist (`--profile` with a typo) is reported as such and leaves no file behind.
    /// - Throws: `.notLoggedIn` when the settings have no such profile; the settings' errors.
    private func requireSettingsBeforeCreatingTheLock() async throws {
        guard !lock.lockFileExists, try await Profiles(environment: environment).resolvedSettings(profile) == nil
        else { return }
        throw CSMAuthError(.notLoggedIn, "profile '\(profile)' is not logged in", fix: loginCommand(nil))
    }

    /// A cache miss: take the profile's lock, or leave as soon as its holder has cached a valid token.
    private func loadThroughCache(minimumValidity: TimeInterval) async throws -> Credential {
        let clock = now
        let watch = ProfileLock.Watch(minimumValidity: Self.seconds(minimumValidity), now: { Self.seconds(clock()) })
        switch try await lock.acquire(watching: watch, timeout: lockTimeout) {
        case .cached(let cached):
            return try cached.credential(environment: environment)
        case .locked(let held):
            defer { withExtendedLifetime(held) {} }
            return try await updateHoldingLock(observed: nil, force: false, minimumValidity: minimumValidity)
        }
    }

    private func refreshUnderLock(
        observed: StoredCredentials, force: Bool, minimumValidity: TimeInterval
    ) async throws -> Credential {
        let held = try await lock.acquire(timeout: lockTimeout)
        defer { withExtendedLifetime(held) {} }
        if force { kernelCache?.invalidate() }
        return try await updateHoldingLock(observed: observed, force: force, minimumValidity: minimumValidity)
    }

    /// Reads the settings and the store once the lock is held (a login or logout may have changed
    /// them meanwhile), refreshes when needed, and caches what it returns.
    /// - Parameter observed: what the caller read before the lock, if anything; a change means
    ///   another process refreshed meanwhile.
    private func updateHoldingLock(
        observed: StoredCredentials?, force: Bool, minimumValidity: TimeInterval
    ) async throws -> Credential {
        let stamp = ConfigStamp(path: environment.paths.configFile)
        let loaded = try await load()
        let settings = loaded.settings
        let current = loaded.stored
        let store = store(for: settings)
        // Nothing read before the lock, or another process refreshed (or found the login revoked) meanwhile.
        let changed =
            observed.map {
                current.refreshTokenRevoked || current.accessToken != $0.accessToken
                    || current.refreshToken != $0.refreshToken
            } ?? true
        if changed, let fresh = try usable(settings, current, minimumValidity: force ? 0 : minimumValidity) {
            return cached(fresh, settings, stamp)
        }
        if settings.auth == .clientCredentials {
            if let fleet = store as? EtcdStore {
                return cached(try await mintInFleet(fleet, settings: settings, force: force), settings, stamp)
            }
            return cached(
                try await mintClientCredentialsToken(settings: settings, current: current, force: force) { updated in
                    try await store.save(updated, profile: self.profile, label: self.label(settings))
                },
                settings, stamp)
        }
        if let fleet = store as? EtcdStore {
            return cached(
                try await refreshInFleet(fleet, settings: settings, force: force, minimumValidity: minimumValidity),
                settings, stamp)
        }
        return cached(
            try await refreshed(current, settings: settings, force: force) { updated in
                try await store.save(updated, profile: self.profile, label: self.label(settings))
            },
            settings, stamp)
    }

    /// Redeems the refresh token of `current` for new tokens and hands what is to be kept to
    /// `save`: the rotated tokens, or the login marked revoked when the server says
    /// `invalid_grant`. Called holding the profile's lock (and, in a fleet, the fleet's).
    /// - Parameter save: writes the profile's new document in one write.
    func refreshed(
        _ stored: StoredCredentials, settings: ProfileSettings, force: Bool,
        save: (StoredCredentials) async throws -> Void
    ) async throws -> Credential {
        var current = stored
        guard let refreshToken = current.refreshToken, let clientSecret = current.clientSecret,
            let clientID = settings.clientID
        else {
            throw CSMAuthError(
                .noRefreshToken, "profile '\(profile)' has no refresh token (was offline_access granted?)",
                fix: loginCommand(settings.auth))
        }

        let endpoint = TokenEndpoint(authURL: try environment.authURL(settings), transport: transport, now: now)
        let tokens: TokenSet
        do {
            tokens = try await endpoint.refresh(
                refreshToken, client: ClientCredentials(id: clientID, secret: clientSecret))
        } catch let error as OAuthError where error.code == .invalidGrant {
            // The whole family is dead, its access tokens included: keep nothing that looks usable.
            kernelCache?.invalidate()
            current.refreshTokenRevoked = true
            current.accessToken = nil
            current.accessTokenExpiresAt = nil
            try await save(current)
            throw CSMAuthError(
                .loginRevoked,
                "the login of profile '\(profile)' was revoked or has expired (\(error.oauthError ?? "invalid_grant"))",
                fix: loginCommand(settings.auth))
        } catch {
            // The server or network failed; a still-valid token beats a failure for the caller.
            if !force, let token = current.accessToken, let expiry = current.accessTokenExpiresAt, expiry > now() {
                logger.warning(
                    "refresh failed, using the current access token until it expires", metadata: ["error": "\(error)"])
                return Credential(
                    scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID,
                    apiURL: try environment.apiURL(settings))
            }
            throw error
        }

        let refreshedAt = now()
        current.accessToken = tokens.accessToken
        current.accessTokenExpiresAt = tokens.expiresAt
        if let rotated = tokens.refreshToken {
            current.refreshToken = rotated
            current.refreshTokenRotatedAt = refreshedAt
        }
        try await save(current)
        logger.debug("refreshed the access token", metadata: ["profile": "\(profile)"])
        return Credential(
            scheme: .bearer, token: tokens.accessToken, expiresAt: tokens.expiresAt, cloudID: settings.cloudID,
            apiURL: try environment.apiURL(settings))
    }

    /// A service account's new access token (there is no refresh token to rotate), stored in one
    /// write; called under the profile's lock, so concurrent callers make one request.
    /// - Parameter save: writes the profile's new document in one write.
    func mintClientCredentialsToken(
        settings: ProfileSettings, current: StoredCredentials, force: Bool,
        save: (StoredCredentials) async throws -> Void
    ) async throws -> Credential {
        guard let clientSecret = current.clientSecret, let clientID = settings.clientID else {
            throw CSMAuthError(
                .notLoggedIn, "profile '\(profile)' has no stored client secret", fix: loginCommand(.clientCredentials))
        }
        let apiURL = try environment.apiURL(settings)
        let tokens: TokenSet
        do {
            tokens = try await TokenEndpoint(authURL: try environment.authURL(settings), transport: transport, now: now)
                .clientCredentials(ClientCredentials(id: clientID, secret: clientSecret), scopes: settings.scopes)
        } catch let error as OAuthError where error.code == .invalidClient || error.code == .invalidGrant {
            // From now on the stored token is handed out no more (the kernel cache's copy neither):
            // Atlassian refused the account, so every call with it would get 401. The secret stays,
            // as the refresh token of a revoked 3LO login does: only a new login replaces it.
            kernelCache?.invalidate()
            var refused = current
            refused.refreshTokenRevoked = true
            refused.accessToken = nil
            refused.accessTokenExpiresAt = nil
            try await save(refused)
            throw CSMAuthError(
                .loginRevoked,
                "the service account credential of profile '\(profile)' was refused (revoked, or its secret changed)",
                fix: loginCommand(.clientCredentials))
        } catch {
            if !force, let token = current.accessToken, let expiry = current.accessTokenExpiresAt, expiry > now() {
                logger.warning(
                    "minting a token failed, using the current one until it expires", metadata: ["error": "\(error)"])
                return Credential(
                    scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: apiURL)
            }
            throw error
        }
        var updated = current
        updated.accessToken = tokens.accessToken
        updated.accessTokenExpiresAt = tokens.expiresAt
        try await save(updated)
        logger.debug("minted a service account token", metadata: ["profile": "\(profile)"])
        return Credential(
            scheme: .bearer, token: tokens.accessToken, expiresAt: tokens.expiresAt, cloudID: settings.cloudID,
            apiURL: apiURL)
    }

    /// Puts `credential` into the kernel cache (called with the lock held, so no logout or login
    /// can come between reading the store and caching what it said), stamped with the settings
    /// file as it was before it was read.
    private func cached(_ credential: Credential, _ settings: ProfileSettings, _ stamp: ConfigStamp) -> Credential {
        // A custom store belongs to one program: its tokens are not handed to other processes.
        guard settings.storage != .custom else { return credential }
        kernelCache?.store(
            KernelCachedCredential(credential, settings: settings, environment: environment), readAt: stamp,
            now: Self.seconds(now()))
        return credential
    }

    private static func seconds(_ interval: TimeInterval) -> Int64 {
        Int64(saturating: interval.rounded(.up))
    }

    private static func seconds(_ date: Date) -> Int64 {
        Int64(saturating: date.timeIntervalSince1970.rounded(.down))
    }

    private func store(for settings: ProfileSettings) -> any CredentialStore {
        storeOverride ?? environment.credentialStore(settings.storage)
    }

    func label(_ settings: ProfileSettings) -> String {
        CredentialLabel.make(profile: profile, settings: settings)
    }

    func loginCommand(_ auth: ProfileSettings.AuthKind?) -> LoginCommand {
        LoginCommand(toolName: environment.toolName, profile: profile, auth: auth)
    }
}
