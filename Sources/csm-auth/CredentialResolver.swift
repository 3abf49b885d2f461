import CSMAuth

extension CommandContext {
    /// The credential for token, header, env and exec: `CSM_AUTH_TOKEN` when set, else the profile's, refreshed as needed.
    func credential(profileFlag: String?) async throws -> Credential {
        if let override = try Credential.fromEnvironment(environment) { return override }
        return try await session(profileFlag: profileFlag).credential()
    }

    func session(profileFlag: String?) throws -> AuthSession {
        AuthSession(profile: try environment.profileName(profileFlag), environment: environment, transport: transport, logger: logger)
    }
}

extension CommandContext {
    /// The profiles a `--profile`/`--all` command acts on, with every saved profile's settings.
    func selectedProfiles(flag: String?, all: Bool) throws -> (saved: [String: ProfileSettings], names: [String]) {
        let saved = try Profiles(environment: environment).all()
        return (saved, all ? saved.keys.sorted() : [try environment.profileName(flag)])
    }
}
