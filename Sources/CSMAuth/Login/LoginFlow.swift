import FoundationEssentials
import Logging

/// The OAuth 2.0 authorization-code (3LO) login, from the store probe to the saved profile.
///
/// Order matters: the credential store is probed before the browser opens (so a locked keyring
/// never costs the user a consent), and the listener is bound before the URL is shown (so the
/// browser can never come back to a closed port).
public struct LoginFlow: Sendable {
    /// Where the profile is saved, and the endpoints (`CSM_AUTH_AUTH_URL`, `CSM_AUTH_API_URL`).
    public let environment: CSMAuthEnvironment
    /// The HTTP client for the token endpoint and `accessible-resources`.
    public let transport: any HTTPTransport
    /// Receives the loopback listener's events.
    public let logger: Logger
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - environment: where the profile is saved, and the endpoints.
    ///   - transport: the HTTP client; a ``CurlTransport`` by default.
    ///   - logger: receives the listener's events; ``Logging/Logger/silent`` by default.
    ///   - now: the clock, for token expiry and the refresh token's lifetimes.
    public init(
        environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport(), logger: Logger = .silent,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Runs the login and saves the profile.
    ///
    /// A login that fails leaves the profile's previous login exactly as it was: nothing is saved
    /// before the code is exchanged, the sites are listed and the site is chosen, and then the
    /// secrets and settings are saved together, the old secrets put back if the settings cannot be written.
    /// - Parameters:
    ///   - request: the profile, client, scopes, site, callback URL, mode, timeout and storage.
    ///   - interaction: shows the URL and messages, opens the browser, reads a pasted URL and asks
    ///     for a site (a ``TerminalLoginInteraction``, say).
    /// - Returns: the chosen site, or none when a new profile must still run `csm-auth sites --select`
    ///   (several sites and nobody to ask); its tokens are saved then.
    /// - Throws: ``CSMAuthError`` (`.loginRefused`) for a refused code exchange, (`.siteNotFound`,
    ///   `.siteAmbiguous`) for a `--site` that matches nothing or several sites, (`.siteAmbiguous`)
    ///   for several sites and nobody to ask on a profile that was already logged in, (`.noSites`)
    ///   when the grant reaches no site, (`.tokenRefused`, `.unexpectedResponse`) when the sites
    ///   cannot be listed, (`.invalidInput`) for an invalid endpoint URL; ``LoopbackReceiverError``
    ///   when the listener cannot start or the callback brings no code (`.timedOut`,
    ///   `.accessDenied`, `.stateMismatch`, …); ``CredentialStoreError`` when the store cannot be
    ///   used; ``HTTPTransportError`` when a request gets no answer; the interaction's errors.
    public func run(_ request: LoginRequest, interaction: some LoginInteraction) async throws -> LoginOutcome {
        _ = try ProfileName.validated(request.profile)
        let existing: ProfileSettings?
        if let saved = request.savedSettings {
            existing = saved
        } else {
            existing = try await Profiles(environment: environment).resolvedSettings(request.profile)
        }
        let authURL = try environment.authURL(existing)
        let apiURL = try environment.apiURL(existing)
        let store = environment.credentialStore(request.storage)
        try await store.probe()

        let authorization = try await authorize(request, authURL: authURL, interaction: interaction)
        let tokens: TokenSet
        let sites: [AccessibleResource]
        let site: AccessibleResource?
        do {
            tokens = try await exchange(authorization, request: request, authURL: authURL)
            sites = try await SitesClient(transport: transport).accessibleResources(
                apiURL: apiURL, accessToken: tokens.accessToken)
            guard !sites.isEmpty else {
                throw CSMAuthError(
                    .noSites,
                    "the login succeeded but grants access to no site: check the app's scopes and that you chose a site on the consent page"
                )
            }
            site = try await chooseSite(request, sites: sites, existing: existing, interaction: interaction)
            if site == nil, existing?.cloudID != nil {
                // Saving now would leave a working profile without a site: keep the old login instead.
                let available = sites.map { "\($0.name) (\($0.url))" }.joined(separator: ", ")
                throw CSMAuthError(
                    .siteAmbiguous,
                    "this login can use several sites and nobody was asked which: run the login again with --site (one of: \(available)); the previous login is unchanged"
                )
            }
        } catch {
            await authorization.receiver?.respond(loggedIn: false)
            throw error
        }

        // Who logged in: a courtesy, so a failure here never fails the login. Without `read:me`
        // among the granted scopes the answer would be a 401: no need to ask.
        let grantsReadMe = tokens.scopes.isEmpty || tokens.scopes.contains(CSMScope.readMe.rawValue)
        let account =
            grantsReadMe
            ? await AccountClient(transport: transport).account(apiURL: apiURL, accessToken: tokens.accessToken) : nil

        let consentTime = now()
        let credentials = StoredCredentials(
            clientSecret: request.client.secret, accessToken: tokens.accessToken,
            accessTokenExpiresAt: tokens.expiresAt,
            refreshToken: tokens.refreshToken,
            refreshTokenFamilyStartedAt: tokens.refreshToken == nil ? nil : consentTime,
            refreshTokenRotatedAt: tokens.refreshToken == nil ? nil : consentTime)
        var settings = ProfileSettings(
            auth: .oauth, storage: request.storage, clientID: request.client.id, cloudID: site?.id, siteURL: site?.url,
            siteName: site?.name,
            scopes: tokens.scopes.isEmpty ? AuthorizationRequest.withOfflineAccess(request.scopes) : tokens.scopes,
            callbackURL: request.callbackURL.absoluteString,
            authURL: LoginCommit.savedValue(of: authURL, unless: CSMAuthEnvironment.defaultAuthURL),
            apiURL: LoginCommit.savedValue(of: apiURL, unless: CSMAuthEnvironment.defaultAPIURL),
            otherKeys: existing?.otherKeys ?? [:])
        settings.account = account
        do {
            try await LoginCommit(environment: environment, store: store).save(
                credentials, settings: settings, profile: request.profile)
        } catch {
            await authorization.receiver?.respond(loggedIn: false)
            throw error
        }
        await authorization.receiver?.respond(loggedIn: true)
        var outcome = LoginOutcome(site: site, sites: sites)
        outcome.account = account
        // Another account, or one this login cannot name (`/me` failed): either way the profile
        // is no longer known to be the person it was, which the caller must hear.
        if let previous = existing?.account, let before = previous.accountID, account?.accountID != before {
            outcome.replacedAccount = previous
        }
        return outcome
    }

    /// Exchanges the code. The token endpoint's refusal is a failed login (exit 1), not "login
    /// required": the fix is to run the login again, or to correct the client credentials.
    private func exchange(_ authorization: BrowserAuthorization, request: LoginRequest, authURL: URL) async throws
        -> TokenSet
    {
        do {
            return try await TokenEndpoint(authURL: authURL, transport: transport, now: now)
                .exchange(code: authorization.code, redirectURI: authorization.redirectURI, client: request.client)
        } catch let error as OAuthError {
            let retry = LoginCommand(toolName: environment.toolName, profile: request.profile)
            switch error.code {
            case .invalidGrant:
                throw CSMAuthError(
                    .loginRefused, "the authorization code was refused (it may have expired or been used already)",
                    fix: retry)
            case .invalidClient:
                throw CSMAuthError(.loginRefused, error.description, fix: retry)
            default:
                throw CSMAuthError(
                    .loginRefused, "exchanging the authorization code failed: \(error.description)", fix: retry)
            }
        }
    }

    /// The site the login uses: `--site` (which must match), the only one, the profile's current
    /// one when the grant still reaches it, or the user's choice; nil when nobody can be asked.
    private func chooseSite(
        _ request: LoginRequest, sites: [AccessibleResource], existing: ProfileSettings?,
        interaction: some LoginInteraction
    ) async throws -> AccessibleResource? {
        if let query = request.site { return try SiteDirectory.match(query, in: sites) }
        if sites.count == 1 { return sites[0] }
        if let current = existing?.cloudID,
            let site = sites.first(where: { $0.id.lowercased() == current.lowercased() })
        {
            return site
        }
        return try await interaction.chooseSite(sites)
    }

    /// Gets an authorization code through the listener or by paste. Returns it with the redirect URI used.
    private func authorize(_ request: LoginRequest, authURL: URL, interaction: some LoginInteraction) async throws
        -> BrowserAuthorization
    {
        if request.mode == .paste {
            let authorization = AuthorizationRequest(
                authURL: authURL, clientID: request.client.id, scopes: request.scopes,
                redirectURI: request.callbackURL.absoluteString)
            interaction.show(.pasteRequested(authorizationURL: authorization.url))
            let pasted = try await interaction.readPastedURL()
            let code = try AuthorizationResponse.code(
                fromPastedURL: pasted, callbackPath: request.callbackURL.path, expectedState: authorization.state)
            return BrowserAuthorization(code: code, redirectURI: authorization.redirectURI, receiver: nil)
        }

        let state = RandomToken.make()
        let receiver = try await LoopbackReceiver.start(
            callbackURL: request.callbackURL, expectedState: state, logger: logger)
        let authorization = AuthorizationRequest(
            authURL: authURL, clientID: request.client.id, scopes: request.scopes, redirectURI: receiver.redirectURI,
            state: state)
        do {
            let headless = request.mode == .browser ? interaction.headlessReason : nil
            if let headless {
                interaction.show(.browserSkipped(reason: headless))
            }
            if request.mode == .browser && headless == nil {
                interaction.show(.openingBrowser(authorizationURL: authorization.url))
                // The browser gets a loopback link that redirects to the authorization URL: a
                // browser's argv is readable by every local user, and `state` must not be in it.
                if !interaction.openBrowser(receiver.startURL(redirectingTo: authorization.url)) {
                    interaction.show(.browserUnavailable)
                }
            } else {
                interaction.show(
                    .visitRequested(
                        authorizationURL: authorization.url, callbackPort: receiver.port,
                        hostName: ProcessInfo.processInfo.hostName))
            }
            interaction.show(
                .waitingForBrowser(
                    redirectURI: receiver.redirectURI, timeout: request.timeout, deadline: .now + request.timeout))
            defer { interaction.stoppedWaiting() }
            let callback = try await receiver.waitForCallback(timeout: request.timeout)
            return BrowserAuthorization(code: callback.code, redirectURI: receiver.redirectURI, receiver: receiver)
        } catch {
            await receiver.stop()
            throw error
        }
    }
}
