import Foundation
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
/// - Warning: a crash between the server's answer and the store write loses the rotated token;
///   the old one still works within Atlassian's 10-minute reuse interval, so the next call recovers.
public actor AuthSession {
    public let profile: String
    public let environment: CSMAuthEnvironment
    let transport: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date
    let lockTimeout: Duration
    let storeOverride: (any CredentialStore)?
    private var refreshInFlight: Task<Credential, any Error>?

    /// - Parameter store: the credential store to use instead of the one the profile's settings name
    ///   (a custom store, or a ``MemoryStore`` in tests).
    public init(
        profile: String, environment: CSMAuthEnvironment, transport: any HTTPTransport, logger: Logger,
        store: (any CredentialStore)? = nil, lockTimeout: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storeOverride = store
        self.profile = profile
        self.environment = environment
        self.transport = transport
        self.logger = logger
        self.lockTimeout = lockTimeout
        self.now = now
    }

    /// A credential valid for more than `minimumValidity` seconds, refreshing when needed.
    /// - Throws: `.loginRequired` errors when there is no usable login; store errors when the store fails.
    public func credential(minimumValidity: TimeInterval = 60) async throws -> Credential {
        let (settings, stored) = try await load()
        if let current = try usable(settings, stored, minimumValidity: minimumValidity) { return current }
        return try await sharedRefresh(observed: stored, force: false, minimumValidity: minimumValidity)
    }

    /// The access token (or API token) of ``credential(minimumValidity:)``.
    public func accessToken() async throws -> Secret {
        try await credential().token
    }

    /// Refreshes now, even when the access token is still valid.
    public func refresh() async throws -> Credential {
        let (settings, stored) = try await load()
        guard settings.auth != .basic else {
            throw CSMAuthError(.usage, "profile '\(profile)' uses an API token (Basic auth), which has nothing to refresh")
        }
        return try await sharedRefresh(observed: stored, force: true, minimumValidity: 60)
    }

    /// The sites the profile can use: those its OAuth grant reaches (`accessible-resources`), or
    /// the one site an API token or a service account was logged in with.
    public func sites() async throws -> [AccessibleResource] {
        let (settings, _) = try await load()
        guard settings.auth == .oauth else {
            return [AccessibleResource(id: settings.cloudID ?? "", name: settings.siteName ?? "", url: settings.siteURL ?? "")]
        }
        let token = try await credential().token
        return try await SitesClient(transport: transport).accessibleResources(apiURL: try environment.apiURL(settings), accessToken: token)
    }

    // MARK: - Steps

    private func load() async throws -> (ProfileSettings, StoredCredentials) {
        guard let settings = try Profiles(environment: environment).settings(profile) else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' is not logged in: run `\(loginCommand(nil))`")
        }
        guard let stored = try await store(for: settings).load(profile: profile) else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' has no stored credentials: run `\(loginCommand(settings.auth))`")
        }
        return (settings, stored)
    }

    /// The stored credential when it needs no refresh.
    private func usable(_ settings: ProfileSettings, _ stored: StoredCredentials, minimumValidity: TimeInterval) throws -> Credential? {
        let apiURL = try environment.apiURL(settings)
        if settings.auth == .basic {
            guard let apiToken = stored.apiToken else {
                throw CSMAuthError(.loginRequired, "profile '\(profile)' has no API token: run `\(loginCommand(.basic))`")
            }
            return Credential(scheme: .basic, token: apiToken, email: settings.email, expiresAt: nil, cloudID: settings.cloudID, apiURL: apiURL)
        }
        if stored.refreshTokenRevoked {
            throw CSMAuthError(.loginRequired, "the login of profile '\(profile)' was revoked or has expired: run `\(loginCommand(settings.auth))`")
        }
        guard let token = stored.accessToken, let expiry = stored.accessTokenExpiresAt,
            expiry.timeIntervalSince(now()) > minimumValidity
        else { return nil }
        return Credential(scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: apiURL)
    }

    /// One refresh per process at a time: later callers wait for the one in flight.
    private func sharedRefresh(
        observed: StoredCredentials, force: Bool, minimumValidity: TimeInterval
    ) async throws -> Credential {
        if let running = refreshInFlight { return try await running.value }
        let task = Task { try await refreshUnderLock(observed: observed, force: force, minimumValidity: minimumValidity) }
        refreshInFlight = task
        defer { refreshInFlight = nil }
        return try await task.value
    }

    /// Reads the settings itself once it holds the lock: a login or logout may have changed them meanwhile.
    private func refreshUnderLock(
        observed: StoredCredentials, force: Bool, minimumValidity: TimeInterval
    ) async throws -> Credential {
        let lock = try await FileLock.acquire(
            "\(environment.paths.lockFolder)/\(profile).lock", timeout: lockTimeout, purpose: "the refresh lock of profile '\(profile)'")
        defer { withExtendedLifetime(lock) {} }
        guard let settings = try Profiles(environment: environment).settings(profile) else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' is not logged in: run `\(loginCommand(nil))`")
        }
        let store = store(for: settings)
        guard var current = try await store.load(profile: profile) else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' has no stored credentials: run `\(loginCommand(settings.auth))`")
        }
        // Another process refreshed (or found the login revoked) while we waited for the lock.
        if current.refreshTokenRevoked || current.accessToken != observed.accessToken || current.refreshToken != observed.refreshToken,
            let fresh = try usable(settings, current, minimumValidity: force ? 0 : minimumValidity)
        {
            return fresh
        }
        if settings.auth == .clientCredentials {
            return try await mintClientCredentialsToken(settings: settings, current: current, store: store, force: force)
        }
        guard let refreshToken = current.refreshToken, let clientSecret = current.clientSecret, let clientID = settings.clientID else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' has no refresh token (was offline_access granted?): run `\(loginCommand(settings.auth))`")
        }

        let endpoint = TokenEndpoint(authURL: try environment.authURL(settings), transport: transport, now: now)
        let tokens: TokenSet
        do {
            tokens = try await endpoint.refresh(refreshToken, client: ClientCredentials(id: clientID, secret: clientSecret))
        } catch let error as OAuthError where error.code == .invalidGrant {
            // The whole family is dead, its access tokens included: keep nothing that looks usable.
            current.refreshTokenRevoked = true
            current.accessToken = nil
            current.accessTokenExpiresAt = nil
            try await store.save(current, profile: profile, label: label(settings))
            throw CSMAuthError(.loginRequired, "the login of profile '\(profile)' was revoked or has expired (\(error.oauthError ?? "invalid_grant")): run `\(loginCommand(settings.auth))`")
        } catch {
            // The server or network failed; a still-valid token beats a failure for the caller.
            if !force, let token = current.accessToken, let expiry = current.accessTokenExpiresAt, expiry > now() {
                logger.warning("refresh failed, using the current access token until it expires", metadata: ["error": "\(error)"])
                return Credential(scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: try environment.apiURL(settings))
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
        try await store.save(current, profile: profile, label: label(settings))
        logger.debug("refreshed the access token", metadata: ["profile": "\(profile)"])
        return Credential(scheme: .bearer, token: tokens.accessToken, expiresAt: tokens.expiresAt, cloudID: settings.cloudID, apiURL: try environment.apiURL(settings))
    }

    /// A service account's new access token (there is no refresh token to rotate), stored in one
    /// write; called under the profile's lock, so concurrent callers make one request.
    private func mintClientCredentialsToken(
        settings: ProfileSettings, current: StoredCredentials, store: any CredentialStore, force: Bool
    ) async throws -> Credential {
        guard let clientSecret = current.clientSecret, let clientID = settings.clientID else {
            throw CSMAuthError(.loginRequired, "profile '\(profile)' has no stored client secret: run `\(loginCommand(.clientCredentials))`")
        }
        let apiURL = try environment.apiURL(settings)
        let tokens: TokenSet
        do {
            tokens = try await TokenEndpoint(authURL: try environment.authURL(settings), transport: transport, now: now)
                .clientCredentials(ClientCredentials(id: clientID, secret: clientSecret), scopes: settings.scopes)
        } catch let error as OAuthError where error.code == .invalidClient || error.code == .invalidGrant {
            throw CSMAuthError(
                .loginRequired,
                "the service account credential of profile '\(profile)' was refused (revoked, or its secret changed): run `\(loginCommand(.clientCredentials))`")
        } catch {
            if !force, let token = current.accessToken, let expiry = current.accessTokenExpiresAt, expiry > now() {
                logger.warning("minting a token failed, using the current one until it expires", metadata: ["error": "\(error)"])
                return Credential(scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: apiURL)
            }
            throw error
        }
        var updated = current
        updated.accessToken = tokens.accessToken
        updated.accessTokenExpiresAt = tokens.expiresAt
        try await store.save(updated, profile: profile, label: label(settings))
        logger.debug("minted a service account token", metadata: ["profile": "\(profile)"])
        return Credential(scheme: .bearer, token: tokens.accessToken, expiresAt: tokens.expiresAt, cloudID: settings.cloudID, apiURL: apiURL)
    }

    private func store(for settings: ProfileSettings) -> any CredentialStore {
        storeOverride ?? environment.credentialStore(settings.storage)
    }

    private func label(_ settings: ProfileSettings) -> String {
        CredentialLabel.make(profile: profile, settings: settings)
    }

    private func loginCommand(_ auth: ProfileSettings.AuthKind?) -> String {
        let profileFlag = profile == ProfileName.defaultName ? "" : " --profile \(profile)"
        switch auth {
        case .basic: return "csm-auth login --basic\(profileFlag) --site SITE_URL --email EMAIL"
        case .clientCredentials: return "csm-auth login --client-credentials\(profileFlag) --site SITE_URL"
        case .oauth, nil: return "csm-auth login\(profileFlag)"
        }
    }
}
