import CSMAuth

extension CommandContext {
    /// The library's resolver: `CSM_AUTH_TOKEN` first, then the profile.
    var resolver: CredentialResolver {
        CredentialResolver(environment: environment, transport: transport, logger: logger)
    }

    /// The credential for token, header, env and exec; `held` is the profile's lock when
    /// ``HotPath`` took it (see ``CredentialResolver/credential(profile:holding:)``).
    func credential(profileFlag: String?, holding held: ProfileLock.Held? = nil) async throws -> Credential {
        try await resolver.credential(profile: profileFlag, holding: held)
    }

    func session(profileFlag: String?) throws -> AuthSession {
        try resolver.session(profile: profileFlag)
    }
}
