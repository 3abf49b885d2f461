import FoundationEssentials

/// Stores an email and API token (Basic auth, for scripts and bots), with the site's cloudId.
public struct BasicLogin: Sendable {
    /// Where the profile is saved, and the endpoints (`CSM_AUTH_API_URL`) it is saved with.
    public let environment: CSMAuthEnvironment
    /// The HTTP client for `tenant_info` and the token check.
    public let transport: any HTTPTransport

    /// - Parameters:
    ///   - environment: where the profile is saved, and the endpoints.
    ///   - transport: the HTTP client; a ``CurlTransport`` by default.
    public init(environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport()) {
        self.environment = environment
        self.transport = transport
    }

    /// Proves the email and API token with one authenticated request through the gateway
    /// (`GET {API_URL}/ex/jira/{cloudId}/rest/api/3/myself`), where scoped and unscoped API tokens
    /// both work (the site's own URL refuses every scoped token), so a mistyped or revoked token
    /// is refused at login instead of failing every later call.
    /// - Throws: `.failure` naming what to check; nothing has been saved then.
    func verify(apiURL: URL, cloudID: String, siteURL: URL, email: String, apiToken: Secret) async throws {
        let credential = Credential(
            scheme: .basic, token: apiToken, email: email, expiresAt: nil, cloudID: cloudID, apiURL: apiURL)
        let url = LoginCheck.gatewayMyselfURL(apiURL: apiURL, cloudID: cloudID)
        let response = try await transport.send(
            HTTPRequest(
                url: url,
                headers: [
                    HTTPHeader("Authorization", credential.authorization.reveal()),
                    HTTPHeader("Accept", "application/json"),
                ]))
        switch response.status {
        // A scoped token without `read:jira-user` is known to the gateway, which refuses only this call.
        case 200..<300,
            401 where response.isScopeMismatch:
            return
        case 401, 403:
            throw CSMAuthError(
                .loginRefused,
                "this email and API token were refused for \(siteURL.host ?? "the site") (HTTP \(response.status) from the API gateway); nothing was saved: check both (tokens are made at https://id.atlassian.com/manage-profile/security/api-tokens)"
            )
        default:
            throw CSMAuthError(
                .unexpectedResponse,
                "could not check the API token: \(url.redactingQuery) answered HTTP \(response.status); nothing was saved"
            )
        }
    }

    /// Resolves the cloudId from `{SITE_URL}/_edge/tenant_info`, proves the token, then saves the profile.
    /// - Parameters:
    ///   - profile: the profile to log in (its name is validated).
    ///   - siteURL: the site, such as `https://acme.atlassian.net`.
    ///   - email: the Atlassian account's email address.
    ///   - apiToken: an API token of that account.
    ///   - storage: where the token is stored (`CSM_AUTH_STORAGE` is not consulted).
    /// - Returns: the site's cloudId.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name, an email that is
    ///   not one or an invalid `CSM_AUTH_API_URL`, (`.loginRefused`) for a refused token,
    ///   (`.unexpectedResponse`) when the site has no cloudId or the check fails otherwise;
    ///   ``HTTPTransportError`` when a request gets no answer; the store's, the lock's or the
    ///   settings file's error. Nothing is saved then.
    public func run(profile: String, siteURL: URL, email: String, apiToken: Secret, storage: StorageKind) async throws
        -> String
    {
        try await run(
            LoginSettings(environment: environment, profile: profile, storage: storage), siteURL: siteURL, email: email,
            apiToken: apiToken)
    }

    /// ``run(profile:siteURL:email:apiToken:storage:)`` with the profile, its saved settings and
    /// the storage as `login` resolved them.
    /// - Parameters:
    ///   - login: the profile, its saved settings (whose unknown keys are kept) and the storage.
    ///   - siteURL: the site, such as `https://acme.atlassian.net`.
    ///   - email: the Atlassian account's email address.
    ///   - apiToken: an API token of that account.
    /// - Returns: the site's cloudId.
    /// - Throws: as ``run(profile:siteURL:email:apiToken:storage:)`` does; nothing is saved then.
    public func run(_ login: LoginSettings, siteURL: URL, email: String, apiToken: Secret) async throws -> String {
        try await run(login, siteURL: siteURL, email: email, readingAPIToken: { apiToken })
    }

    /// Checks the store, then asks `readAPIToken` for the token (so a locked keyring costs the
    /// person no typing), then logs in as ``run(_:siteURL:email:apiToken:)`` does.
    /// - Parameters:
    ///   - login: the profile, its saved settings (whose unknown keys are kept) and the storage.
    ///   - siteURL: the site, such as `https://acme.atlassian.net`.
    ///   - email: the Atlassian account's email address.
    ///   - readAPIToken: reads the API token (a prompt, standard input); nil when there is none.
    /// - Returns: the site's cloudId.
    /// - Throws: the store's error before anything is read; ``CSMAuthError`` (`.missingLoginInput`)
    ///   when `readAPIToken` gives no token, (`.invalidInput`) when it is not printable ASCII
    ///   without spaces; otherwise as ``run(_:siteURL:email:apiToken:)``.
    public func run(
        _ login: LoginSettings, siteURL: URL, email: String, readingAPIToken readAPIToken: () async throws -> Secret?
    ) async throws -> String {
        try await login.store.probe()
        guard let apiToken = try await readAPIToken() else {
            throw CSMAuthError(
                .missingLoginInput,
                "no API token on standard input (create one at https://id.atlassian.com/manage-profile/security/api-tokens)"
            )
        }
        guard email.contains("@"), !email.contains(":") else {
            throw CSMAuthError(.invalidInput, "'\(email)' is not an account email address")
        }
        // `token` prints it and the store refuses to read it back otherwise (`TokenText`).
        guard TokenText.isValid(apiToken.reveal()) else {
            throw CSMAuthError(
                .invalidInput,
                "the API token contains a space, a control character or a character beyond ASCII; copy it again")
        }
        let (profile, existing, storage) = (login.profile, login.existing, login.storage)
        let apiURL = try environment.apiURL(existing)
        let cloudID = try await SitesClient(transport: transport).cloudID(siteURL: siteURL)
        try await verify(apiURL: apiURL, cloudID: cloudID, siteURL: siteURL, email: email, apiToken: apiToken)
        let settings = ProfileSettings(
            auth: .basic, storage: storage, email: email, cloudID: cloudID, siteURL: siteURL.absoluteString,
            siteName: siteURL.host,
            apiURL: LoginCommit.savedValue(of: apiURL, unless: CSMAuthEnvironment.defaultAPIURL),
            otherKeys: existing?.otherKeys ?? [:])
        try await LoginCommit(environment: environment, store: environment.credentialStore(storage))
            .save(StoredCredentials(apiToken: apiToken), settings: settings, profile: profile)
        return cloudID
    }
}
