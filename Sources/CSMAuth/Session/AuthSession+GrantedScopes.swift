extension AuthSession {
    /// The scopes the profile's login was granted, as its settings keep them, with the kind of
    /// login; nil when they are not known: no settings, an API token (Basic auth, whose scopes
    /// nobody lists), or a login that saved none (a service account asked for all of its
    /// credential's and was not told which). Reads the settings; makes no request.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the settings file cannot be used.
    package nonisolated func grantedScopes() throws -> (auth: ProfileSettings.AuthKind, scopes: [String])? {
        guard let settings = try Profiles(environment: environment).settings(profile), settings.auth != .basic,
            !settings.scopes.isEmpty
        else { return nil }
        return (settings.auth, settings.scopes)
    }
}
