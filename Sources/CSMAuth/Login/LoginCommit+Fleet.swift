extension LoginCommit {
    /// Saves a fleet login: the secrets, then the settings, both sealed in etcd, so that every
    /// machine with the fleet's variables has the login. Without `CSM_AUTH_STORAGE=etcd` in this
    /// machine's environment, its settings file gets an entry that says only `storage = etcd`,
    /// so later commands here find the profile too. If the settings cannot be written, the
    /// previous secrets are put back (or the new ones removed). Secrets an earlier login of this
    /// profile left in another store on this machine are removed last.
    func saveToFleet(
        _ fleet: EtcdStore, _ credentials: StoredCredentials, settings: ProfileSettings, profile: String
    ) async throws {
        let label = CredentialLabel.make(profile: profile, settings: settings)
        let profiles = Profiles(environment: environment)
        let previousStorage: StorageKind? = try await environment.profileLock(for: profile).whileChanging {
            let previousLocal = try profiles.settings(profile)
            let previousSecrets = try? await fleet.load(profile: profile)
            try await fleet.save(credentials, profile: profile, label: label)
            do {
                try await fleet.saveSettings(settings, profile: profile)
                if !environment.usesFleet || previousLocal != nil {
                    try await profiles.save(Profiles.fleetPointer, as: profile)
                }
            } catch {
                if let previousSecrets {
                    try? await fleet.save(previousSecrets, profile: profile, label: label)
                } else {
                    _ = try? await fleet.delete(profile: profile)
                }
                throw error
            }
            cacheToken(of: credentials, settings: settings, profile: profile)
            return previousLocal?.storage
        }
        if let previousStorage, previousStorage != .etcd {
            // The profile moved into the fleet: leave no stale secrets behind on this machine.
            _ = try? await environment.credentialStore(previousStorage).delete(profile: profile)
        }
    }
}
