import CSMAuth

extension CommandContext {
    /// The library's resolver: `CSM_AUTH_TOKEN` first, then the profile.
    var resolver: CredentialResolver {
        CredentialResolver(environment: environment, transport: transport, logger: logger)
    }

    /// The credential for token, header, env and exec.
    func credential(profileFlag: String?) async throws -> Credential {
        try await resolver.credential(profile: profileFlag)
    }

    func session(profileFlag: String?) throws -> AuthSession {
        try resolver.session(profile: profileFlag)
    }
}
