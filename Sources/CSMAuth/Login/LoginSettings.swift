import FoundationEssentials

/// What a login is made with, resolved the same way for every kind of login: a flag first, then
/// the environment (`CSM_AUTH_*`), then what the profile saved last time.
///
/// A tool builds one from its flags, asks it for the client id, secret, callback URL, scopes and
/// store, and reads the user's input (a secret on standard input, a prompt) only for what it
/// cannot find here.
public struct LoginSettings: Sendable {
    /// The CSM scopes asked for when neither a flag nor the profile names any:
    /// ``CSMScope/defaultLogin`` by name.
    public static let defaultScopes = CSMScope.defaultLogin.map(\.rawValue)

    /// The environment the settings were resolved in (its `CSM_AUTH_*` variables, folders and stores).
    public let environment: CSMAuthEnvironment
    /// The profile logged in to (the flag, `CSM_AUTH_PROFILE` or `default`).
    public let profile: String
    /// The profile's saved settings, nil for a new profile.
    public let existing: ProfileSettings?
    /// Where the login stores its secrets: the flag, `CSM_AUTH_STORAGE`, the profile's, or the keyring.
    public let storage: StorageKind

    /// Reads the profile's saved settings and resolves its name and storage.
    /// - Parameters:
    ///   - environment: the variables, folders and stores to resolve with.
    ///   - profile: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`.
    ///   - storage: `--storage`; nil for `CSM_AUTH_STORAGE`, the profile's, or the keyring.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name or `CSM_AUTH_STORAGE`,
    ///   (`.invalidConfiguration`) when the settings file cannot be used.
    public init(environment: CSMAuthEnvironment, profile: String?, storage: StorageKind?) throws {
        self.environment = environment
        self.profile = try environment.profileName(profile)
        existing = try Profiles(environment: environment).settings(self.profile)
        self.storage = try environment.storageForLogin(flag: storage, existing: existing)
    }

    /// The store the login writes to.
    public var store: any CredentialStore { environment.credentialStore(storage) }

    /// The client id: `flag`, `CSM_AUTH_CLIENT_ID`, or the profile's saved one; nil when there is none.
    public func clientID(_ flag: String?) -> String? {
        flag ?? environment.value("CSM_AUTH_CLIENT_ID") ?? existing?.clientID
    }

    /// ``clientID(_:)``, or an error saying where a client id comes from.
    /// - Parameters:
    ///   - flag: `--client-id`, if given.
    ///   - auth: the kind of login (`.oauth` or `.clientCredentials`), for the message.
    /// - Throws: ``CSMAuthError`` (`.missingLoginInput`) when there is none.
    package func requiredClientID(_ flag: String?, for auth: ProfileSettings.AuthKind) throws -> String {
        if let id = clientID(flag) { return id }
        let (what, source) =
            auth == .clientCredentials
            ? ("client id", "the service account's OAuth 2.0 credential")
            : ("OAuth client id", "create an OAuth 2.0 app in Atlassian's developer console")
        throw CSMAuthError(.missingLoginInput, "no \(what): pass --client-id or set CSM_AUTH_CLIENT_ID (\(source))")
    }

    /// The client secret, in this order: `given` (which the tool read, say from standard input),
    /// `knownClientSecret(for:auth:)`, then whatever `interaction` asks for.
    /// - Parameters:
    ///   - given: a secret the tool already read; nil to look further.
    ///   - clientID: the client id the secret belongs to.
    ///   - auth: the kind of login the secret is for.
    ///   - interaction: asked last, through ``LoginInteraction/readSecret(prompt:)``.
    /// - Throws: ``CSMAuthError`` (`.missingLoginInput`) when nobody can supply one; the store's
    ///   error when the saved secret cannot be read; the interaction's errors.
    public func clientSecret(
        given: Secret?, clientID: String, auth: ProfileSettings.AuthKind, interaction: some LoginInteraction
    ) async throws -> Secret {
        if let given { return given }
        if let known = try await knownClientSecret(for: clientID, auth: auth) { return known }
        // A locked keyring must not cost the person any typing: check the store before asking.
        try await store.probe()
        if let typed = try await interaction.readSecret(prompt: "Client secret: "), !typed.isEmpty { return typed }
        throw CSMAuthError(
            .missingLoginInput, "no OAuth client secret: set CSM_AUTH_CLIENT_SECRET or use --client-secret-stdin")
    }

    /// The whole 3LO login request from a tool's flags; nil or empty flags fall back as each
    /// method above says.
    /// - Parameters:
    ///   - clientID: `--client-id`.
    ///   - clientSecret: a secret the tool already read (`--client-secret-stdin`), else nil.
    ///   - scopes: the scopes the flags name (`--scope`, and the sets of `--scopes` expanded); none
    ///     for the profile's or the default ones.
    ///   - site: `--site` (cloudId, URL, host or name).
    ///   - callbackURL: `--callback-url`.
    ///   - port: `--port`, the port of the default callback URL.
    ///   - mode: browser, no browser, or paste.
    ///   - timeout: how long to wait for the browser or a pasted URL.
    ///   - interaction: asked for the client secret when nothing else supplies it.
    /// - Returns: the request for ``LoginFlow/run(_:interaction:)``, with the saved settings it was made from.
    /// - Throws: ``CSMAuthError`` (`.missingLoginInput`) without a client id or secret,
    ///   (`.invalidInput`) for a callback URL that is not a URL; the store's error when the saved
    ///   secret cannot be read.
    public func oauthRequest(
        clientID: String? = nil, clientSecret: Secret? = nil, scopes: [String] = [], site: String? = nil,
        callbackURL: String? = nil, port: Int? = nil, mode: LoginRequest.Mode = .browser,
        timeout: Duration = .seconds(300),
        interaction: some LoginInteraction
    ) async throws -> LoginRequest {
        let id = try requiredClientID(clientID, for: .oauth)
        let secret = try await self.clientSecret(
            given: clientSecret, clientID: id, auth: .oauth, interaction: interaction)
        var request = LoginRequest(
            profile: profile, client: ClientCredentials(id: id, secret: secret), scopes: self.scopes(scopes),
            site: site,
            callbackURL: try self.callbackURL(callbackURL, port: port), mode: mode, timeout: timeout, storage: storage)
        request.savedSettings = .some(existing)
        return request
    }

    /// The client secret without asking anyone: `CSM_AUTH_CLIENT_SECRET`, else the profile's saved
    /// one when it was saved for the same client id and kind of login; nil otherwise (then ask).
    /// - Throws: the error of the profile's store when it cannot be read (a document it holds but
    ///   cannot use, `.corrupt`, gives nil: this login replaces it).
    package func knownClientSecret(for clientID: String, auth: ProfileSettings.AuthKind) async throws -> Secret? {
        if let value = environment.value("CSM_AUTH_CLIENT_SECRET") { return Secret(value) }
        guard let existing, existing.clientID == clientID, existing.auth == auth else { return nil }
        // Another program's store, which this one lacks, cannot be read: ask instead of failing
        // the login that moves the profile here.
        guard existing.storage != .custom || environment.customStore != nil else { return nil }
        do {
            return try await environment.credentialStore(existing.storage).load(profile: profile)?.clientSecret
        } catch let error as CredentialStoreError where error.code == .corrupt {
            // A document that cannot be read is what this login replaces: ask for the secret instead.
            return nil
        }
    }

    /// The callback URL: `http://localhost:PORT/callback` for `port`, else `flag`, the profile's, or
    /// ``LoginRequest/defaultCallbackURL``. Only parsed here; `LoginRequest/validate(callbackURL:)`
    /// checks that a login can listen on it.
    /// - Parameters:
    ///   - flag: `--callback-url`, if given.
    ///   - port: `--port`, if given; it wins over `flag`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when it is not a URL.
    public func callbackURL(_ flag: String?, port: Int?) throws -> URL {
        let text =
            port.map { "http://localhost:\($0)/callback" } ?? flag ?? existing?.callbackURL
            ?? LoginRequest.defaultCallbackURL
        guard let url = URL(string: text) else { throw CSMAuthError(.invalidInput, "invalid callback URL '\(text)'") }
        return url
    }

    /// The scopes to ask for: `flags`, else the profile's, else ``defaultScopes``.
    public func scopes(_ flags: [String]) -> [String] {
        if !flags.isEmpty { return flags }
        if let saved = existing?.scopes, !saved.isEmpty { return saved }
        return Self.defaultScopes
    }

    /// The scopes `login --scopes SET,… --scope SCOPE…` names: the sets' scopes, then the single
    /// ones, each once; empty when neither flag is given (then ``scopes(_:)`` falls back).
    /// - Parameters:
    ///   - sets: the `--scopes` values, each a comma-separated list of ``CSMScopeSet`` names.
    ///   - flags: the `--scope` values.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for a name that is no set.
    package static func requestedScopes(sets: [String], flags: [String]) throws -> [String] {
        let named = try CSMScopeSet.scopes(named: sets)
        return named + flags.filter { !named.contains($0) }
    }
}
