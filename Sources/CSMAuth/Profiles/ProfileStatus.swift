import FoundationEssentials

/// What `csm-auth status` reports for one profile. Never contains a secret.
package struct ProfileStatus: Sendable, Equatable, Encodable {
    /// Atlassian refresh tokens expire after 90 days without use…
    package static let refreshTokenInactivityLimit: TimeInterval = 90 * 24 * 3600
    /// …and (per an older version of Atlassian's docs, unconfirmed) 365 days after consent.
    package static let refreshTokenAbsoluteLimit: TimeInterval = 365 * 24 * 3600

    /// The profile's name.
    package var profile: String
    /// Whether the profile can get a token without a new login: an API token or a service account's
    /// secret is stored, or (3LO) the access token or the refresh token has not expired.
    package var loggedIn: Bool
    /// The kind of login: an ``ProfileSettings/AuthKind`` raw value (`oauth`, `basic`,
    /// `client-credentials`), or `token` for `CSM_AUTH_TOKEN`; nil when the profile has no settings.
    package var auth: String?
    /// The selected site's cloudId (JSON key `cloudId`).
    package var cloudID: String?
    /// The selected site's URL (JSON key `siteUrl`).
    package var siteURL: String?
    /// The selected site's name.
    package var siteName: String?
    /// The scopes of the last login, as the settings keep them.
    package var scopes: [String]
    /// The ``CSMScopeSet`` names whose scopes are all among ``scopes`` (JSON key `scopeSets`);
    /// empty when none is, or the scopes are not known.
    package var scopeSets: [String] { CSMScopeSet.covered(by: scopes).map(\.name) }
    /// Where the secrets are: a ``StorageKind`` raw value; nil without settings.
    package var storage: String?
    /// The account email of a Basic-auth profile.
    package var email: String?
    /// Who is logged in (JSON key `account`: `accountId`, `email`, `name`): the account a 3LO
    /// login's `/me` named, or a Basic login's email; nil when it is not known.
    package var account: AtlassianAccount?
    /// When the stored access token expires; nil when none is stored.
    package var accessTokenExpiresAt: Date?
    /// When the refresh token expires at the latest: the earlier of ``refreshTokenInactivityLimit``
    /// after its last rotation and ``refreshTokenAbsoluteLimit`` after consent; nil without a live
    /// refresh token.
    package var refreshTokenExpiresAt: Date?
    /// Whether the access token (or API token) is in the kernel-keyring cache, so `token`,
    /// `header`, `env` and `exec` answer without the store. False when the cache is off.
    package var accessTokenCached = false
    /// Why the profile is not logged in, as one line with the command that fixes it.
    package var problem: String?
    /// `CSM_AUTH_TOKEN` when that variable overrides the profile (every command then uses it); else nil.
    package var overriddenBy: String?
    /// What Atlassian said of the login (`status --check`, ``LoginCheck``); nil when not asked.
    package var check: LoginCheck.Outcome?
    /// One line on ``check``: what was asked and answered; nil when not asked.
    package var checkDetail: String?

    /// The status of the credential `CSM_AUTH_TOKEN` supplies, which every command uses instead of
    /// `profile`'s: logged in, `auth` "token", the cloudID of `CSM_AUTH_CLOUD_ID`, nothing stored.
    /// - Parameters:
    ///   - credential: the credential of ``Credential/fromEnvironment(_:)``.
    ///   - profile: the profile it overrides, named in the status.
    package static func environmentOverride(_ credential: Credential, profile: String) -> ProfileStatus {
        var status = ProfileStatus(profile: profile, settings: nil, credentials: nil)
        status.loggedIn = true
        status.auth = "token"
        status.cloudID = credential.cloudID
        status.problem = nil
        status.overriddenBy = "CSM_AUTH_TOKEN"
        return status
    }

    /// The status from what is stored.
    /// - Parameters:
    ///   - profile: the profile's name.
    ///   - settings: its saved settings; nil when it has none.
    ///   - credentials: what its store holds; nil when nothing.
    ///   - toolName: the command named in ``problem`` (see ``LoginCommand``).
    ///   - now: the time the expiries are compared with.
    package init(
        profile: String, settings: ProfileSettings?, credentials: StoredCredentials?,
        toolName: String = CSMAuthEnvironment.programName,
        now: Date = Date()
    ) {
        self.profile = profile
        auth = settings?.auth.rawValue
        cloudID = settings?.cloudID
        siteURL = settings?.siteURL
        siteName = settings?.siteName
        scopes = settings?.scopes ?? []
        storage = settings?.storage.rawValue
        email = settings?.email
        account = settings?.knownAccount
        accessTokenExpiresAt = credentials?.accessToken == nil ? nil : credentials?.accessTokenExpiresAt
        refreshTokenExpiresAt = credentials.flatMap(Self.refreshTokenExpiry)
        let login =
            "run `\(LoginCommand(toolName: toolName, profile: profile, auth: settings?.auth == .oauth ? nil : settings?.auth))`"
        guard let settings else {
            loggedIn = false
            problem = "not logged in: \(login)"
            return
        }
        switch settings.auth {
        case .basic:
            loggedIn = credentials?.apiToken != nil
            problem = loggedIn ? nil : "no API token is stored: \(login)"
        case .clientCredentials:
            // A token is minted whenever needed, as long as the secret is stored and Atlassian
            // has not refused it.
            let refused = credentials?.refreshTokenRevoked == true
            loggedIn = credentials?.clientSecret != nil && !refused
            if refused {
                problem = "Atlassian refused the service account credential (revoked, or its secret changed): \(login)"
            } else {
                problem = loggedIn ? nil : "no client secret is stored: \(login)"
            }
        case .oauth:
            let accessValid = credentials?.accessToken != nil && (accessTokenExpiresAt ?? .distantPast) > now
            let refreshValid = refreshTokenExpiresAt.map { $0 > now } ?? false
            loggedIn = accessValid || refreshValid
            if loggedIn {
                problem = nil
            } else if credentials == nil {
                problem = "no credentials are stored: \(login)"
            } else if credentials?.refreshTokenRevoked == true {
                problem = "the login was revoked or has expired: \(login)"
            } else {
                problem = "the tokens have expired: \(login)"
            }
        }
    }

    /// The earlier of the 90-day inactivity and 365-day absolute limits; nil without a live refresh token.
    static func refreshTokenExpiry(_ credentials: StoredCredentials) -> Date? {
        guard credentials.refreshToken != nil, !credentials.refreshTokenRevoked else { return nil }
        let limits = [
            credentials.refreshTokenRotatedAt.map { $0.addingTimeInterval(refreshTokenInactivityLimit) },
            credentials.refreshTokenFamilyStartedAt.map { $0.addingTimeInterval(refreshTokenAbsoluteLimit) },
        ].compactMap { $0 }
        return limits.min()
    }

    private enum CodingKeys: String, CodingKey {
        case profile, loggedIn, auth
        case scopeSets
        case cloudID = "cloudId"
        case siteURL = "siteUrl"
        case siteName, scopes, storage, email, account
        case accessTokenExpiresAt, refreshTokenExpiresAt, accessTokenCached, problem, overriddenBy, check, checkDetail
    }

    /// Writes every key, absent values as JSON null, so scripts can rely on the shape.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profile, forKey: .profile)
        try container.encode(loggedIn, forKey: .loggedIn)
        try container.encode(auth, forKey: .auth)
        try container.encode(cloudID, forKey: .cloudID)
        try container.encode(siteURL, forKey: .siteURL)
        try container.encode(siteName, forKey: .siteName)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(storage, forKey: .storage)
        try container.encode(email, forKey: .email)
        try container.encode(account?.json, forKey: .account)
        try container.encode(accessTokenExpiresAt, forKey: .accessTokenExpiresAt)
        try container.encode(refreshTokenExpiresAt, forKey: .refreshTokenExpiresAt)
        try container.encode(accessTokenCached, forKey: .accessTokenCached)
        try container.encode(problem, forKey: .problem)
        try container.encode(overriddenBy, forKey: .overriddenBy)
        try container.encode(check, forKey: .check)
        try container.encode(checkDetail, forKey: .checkDetail)
        try container.encode(scopeSets, forKey: .scopeSets)
    }
}
