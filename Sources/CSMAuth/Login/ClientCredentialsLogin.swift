import FoundationEssentials

/// Logs in an Atlassian service account with its OAuth 2.0 credential (client credentials): gets
/// a first token, which proves the credential, resolves the site's cloudId (and its name, from
/// `accessible-resources` when the token may list it), and saves the profile.
///
/// From then on ``AuthSession`` mints a new token with the stored secret whenever the current one
/// expires within a minute; there is no refresh token.
public struct ClientCredentialsLogin: Sendable {
    /// Where the profile is saved, and the endpoints (`CSM_AUTH_AUTH_URL`, `CSM_AUTH_API_URL`).
    public let environment: CSMAuthEnvironment
    /// The HTTP client for the token endpoint, `tenant_info` and `accessible-resources`.
    public let transport: any HTTPTransport
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - environment: where the profile is saved, and the endpoints.
    ///   - transport: the HTTP client.
    ///   - now: the clock, for token expiry.
    public init(
        environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.transport = transport
        self.now = now
    }

    /// Gets a token with `client`, resolves `siteURL`'s cloudId, then saves both.
    /// - Parameters:
    ///   - profile: the profile to log in (its name is validated).
    ///   - siteURL: the site, such as `https://acme.atlassian.net`.
    ///   - client: the service account's client id and secret.
    ///   - scopes: scopes to ask for; none asks for all of the credential's.
    ///   - storage: where the secret and token are stored (`CSM_AUTH_STORAGE` is not consulted).
    /// - Returns: the site's cloudId.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name or endpoint URL,
    ///   (`.loginRefused`) when the token endpoint refuses the credential, (`.unexpectedResponse`)
    ///   when the site has no cloudId; ``CredentialStoreError`` when the store cannot be used;
    ///   ``HTTPTransportError`` when a request gets no answer; the lock's or the settings file's
    ///   error. Nothing is saved then.
    public func run(profile: String, siteURL: URL, client: ClientCredentials, scopes: [String], storage: StorageKind)
        async throws -> String
    {
        try await run(
            LoginSettings(environment: environment, profile: profile, storage: storage), siteURL: siteURL,
            client: client, scopes: scopes)
    }

    /// ``run(profile:siteURL:client:scopes:storage:)`` with the profile, its saved settings and
    /// the storage as `login` resolved them.
    /// - Parameters:
    ///   - login: the profile, its saved settings (whose endpoints and unknown keys are kept) and the storage.
    ///   - siteURL: the site, such as `https://acme.atlassian.net`.
    ///   - client: the service account's client id and secret.
    ///   - scopes: scopes to ask for; none asks for all of the credential's.
    /// - Returns: the site's cloudId.
    /// - Throws: as ``run(profile:siteURL:client:scopes:storage:)`` does; nothing is saved then.
    public func run(_ login: LoginSettings, siteURL: URL, client: ClientCredentials, scopes: [String]) async throws
        -> String
    {
        let (profile, existing, storage) = (login.profile, login.existing, login.storage)
        let authURL = try environment.authURL(existing)
        let apiURL = try environment.apiURL(existing)
        let store = environment.credentialStore(storage)
        try await store.probe()
        let tokens: TokenSet
        do {
            tokens = try await TokenEndpoint(authURL: authURL, transport: transport, now: now).clientCredentials(
                client, scopes: scopes)
        } catch let error as OAuthError {
            // Refused at login: a usage of the wrong secret or scope, not an expired login.
            throw CSMAuthError(.loginRefused, "the service account credential was refused: \(error.description)")
        }
        let sites = SitesClient(transport: transport)
        let cloudID = try await sites.cloudID(siteURL: siteURL)
        // The site's name as Atlassian lists it (what a browser login shows), when the token may
        // list its sites; else the host. Only the name: it never decides the login.
        let listed = try? await sites.accessibleResources(apiURL: apiURL, accessToken: tokens.accessToken)
        let siteName = listed?.first { $0.id == cloudID }?.name ?? siteURL.host
        var settings = ProfileSettings(
            auth: .clientCredentials, storage: storage, clientID: client.id, cloudID: cloudID,
            siteURL: siteURL.absoluteString,
            siteName: siteName, scopes: scopes.isEmpty ? tokens.scopes : scopes,
            authURL: LoginCommit.savedValue(of: authURL, unless: CSMAuthEnvironment.defaultAuthURL),
            apiURL: LoginCommit.savedValue(of: apiURL, unless: CSMAuthEnvironment.defaultAPIURL),
            otherKeys: existing?.otherKeys ?? [:])
        // The service account's own account (its id), when the credential may read it; never required.
        if tokens.scopes.isEmpty || tokens.scopes.contains(CSMScope.readMe.rawValue) {
            settings.account = await AccountClient(transport: transport).account(
                apiURL: apiURL, accessToken: tokens.accessToken)
        }
        let credentials = StoredCredentials(
            clientSecret: client.secret, accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.expiresAt)
        try await LoginCommit(environment: environment, store: store).save(
            credentials, settings: settings, profile: profile)
        return cloudID
    }
}
