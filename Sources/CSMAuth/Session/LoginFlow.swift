import Foundation
import Logging

/// The OAuth 2.0 authorization-code (3LO) login, from the store probe to the saved profile.
///
/// Order matters: the credential store is probed before the browser opens (so a locked keyring
/// never costs the user a consent), and the listener is bound before the URL is shown (so the
/// browser can never come back to a closed port).
public struct LoginFlow: Sendable {
    public let environment: CSMAuthEnvironment
    public let transport: any HTTPTransport
    public let logger: Logger
    let now: @Sendable () -> Date

    public init(
        environment: CSMAuthEnvironment, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Runs the login and saves the profile.
    /// - Returns: the chosen site, or none when the user must still run `csm-auth sites --select`
    ///   (several sites and nobody to ask, or a `--site` that matched nothing); the tokens are saved either way.
    public func run(_ request: LoginRequest, interaction: some LoginInteraction) async throws -> LoginOutcome {
        let profiles = Profiles(environment: environment)
        let existing = try profiles.settings(request.profile)
        let authURL = try environment.authURL(existing)
        let apiURL = try environment.apiURL(existing)
        let store = environment.credentialStore(request.storage)
        try await store.probe()

        let (code, redirectURI) = try await authorize(request, authURL: authURL, interaction: interaction)
        let tokens = try await TokenEndpoint(authURL: authURL, transport: transport, now: now)
            .exchange(code: code, redirectURI: redirectURI, client: request.client)
        let sites = try await SitesClient(transport: transport).accessibleResources(apiURL: apiURL, accessToken: tokens.accessToken)
        guard !sites.isEmpty else {
            throw CSMAuthError(.failure, "the login succeeded but grants access to no site: check the app's scopes and that you chose a site on the consent page")
        }

        let consentTime = now()
        let credentials = StoredCredentials(
            clientSecret: request.client.secret, accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.expiresAt,
            refreshToken: tokens.refreshToken, refreshTokenFamilyStartedAt: tokens.refreshToken == nil ? nil : consentTime,
            refreshTokenRotatedAt: tokens.refreshToken == nil ? nil : consentTime)
        var settings = ProfileSettings(
            auth: .oauth, storage: request.storage, clientID: request.client.id,
            scopes: tokens.scopes.isEmpty ? AuthorizationRequest.withOfflineAccess(request.scopes) : tokens.scopes,
            callbackURL: request.callbackURL.absoluteString,
            authURL: authURL.absoluteString == CSMAuthEnvironment.defaultAuthURL ? nil : authURL.absoluteString,
            apiURL: apiURL.absoluteString == CSMAuthEnvironment.defaultAPIURL ? nil : apiURL.absoluteString,
            otherKeys: existing?.otherKeys ?? [:])

        var site: AccessibleResource?
        var selectionError: (any Error)?
        if let query = request.site {
            do { site = try SiteDirectory.match(query, in: sites) } catch { selectionError = error }
        } else if sites.count == 1 {
            site = sites[0]
        } else {
            site = try await interaction.chooseSite(sites)
        }
        if let site {
            settings.cloudID = site.id
            settings.siteURL = site.url
            settings.siteName = site.name
        }
        try await store.save(credentials, profile: request.profile, label: Self.label(profile: request.profile, site: site))
        if let old = existing, old.storage != request.storage {
            // The profile moved to another store: leave no stale secrets behind in the old one.
            _ = try? await environment.credentialStore(old.storage).delete(profile: request.profile)
        }
        try profiles.save(settings, as: request.profile)
        if let selectionError { throw selectionError }
        return LoginOutcome(site: site, sites: sites)
    }

    /// The keyring item's label: `csm-auth: NAME (SITE)`.
    static func label(profile: String, site: AccessibleResource?) -> String {
        CredentialLabel.make(profile: profile, site: site?.host ?? site?.name)
    }

    /// Gets an authorization code through the listener or by paste. Returns it with the redirect URI used.
    private func authorize(_ request: LoginRequest, authURL: URL, interaction: some LoginInteraction) async throws -> (Secret, String) {
        if request.mode == .paste {
            let authorization = AuthorizationRequest(
                authURL: authURL, clientID: request.client.id, scopes: request.scopes, redirectURI: request.callbackURL.absoluteString)
            interaction.inform("Open this URL in a browser, approve, then paste the full URL the browser was sent to (it fails to load; copy it from the address bar):")
            interaction.inform(authorization.url.absoluteString)
            let pasted = try await interaction.readPastedURL()
            let code = try AuthorizationResponse.code(
                fromPastedURL: pasted, callbackPath: request.callbackURL.path, expectedState: authorization.state)
            return (code, authorization.redirectURI)
        }

        let state = RandomToken.make()
        let receiver = try await LoopbackReceiver.start(callbackURL: request.callbackURL, expectedState: state, logger: logger)
        let authorization = AuthorizationRequest(
            authURL: authURL, clientID: request.client.id, scopes: request.scopes, redirectURI: receiver.redirectURI, state: state)
        do {
            if request.mode == .browser {
                interaction.inform("Opening the browser to log in. If it does not open, visit:")
                interaction.inform(authorization.url.absoluteString)
                if !interaction.openBrowser(authorization.url) {
                    interaction.inform("Could not start a browser; open the URL above yourself.")
                }
            } else {
                interaction.inform("Open this URL in a browser to log in:")
                interaction.inform(authorization.url.absoluteString)
                let host = ProcessInfo.processInfo.hostName
                interaction.inform("On another machine? Forward the callback port first: ssh -L \(receiver.port):127.0.0.1:\(receiver.port) \(host)")
            }
            interaction.inform("Waiting up to \(Int(request.timeout.components.seconds)) s for the browser to return to \(receiver.redirectURI) — if Atlassian shows an error about redirect_uri, add that exact URL to your app's callback URLs.")
            let callback = try await receiver.waitForCallback(timeout: request.timeout)
            return (callback.code, receiver.redirectURI)
        } catch {
            await receiver.stop()
            throw error
        }
    }
}
