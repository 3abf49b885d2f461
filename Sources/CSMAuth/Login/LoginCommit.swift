import FoundationEssentials

/// Saves a finished login as one unit: the profile's secrets and its settings, or neither.
///
/// A login that fails at this last step must leave the profile's previous login exactly as it
/// was, so the order is: take the profile's lock (so no refresh is between reading and writing
/// the old credentials), drop the profile's kernel-cached token, take the configuration's lock
/// (both bounded), replace the secrets in one
/// write, write the settings; if the settings cannot be written, put the previous secrets back.
/// Only then are secrets left in another store by an earlier login removed.
struct LoginCommit: Sendable {
    let environment: CSMAuthEnvironment
    let store: any CredentialStore

    /// What a login saves for an endpoint: nothing when it is Atlassian's own (`defaultURL`), so
    /// the profile follows the default; else the URL.
    static func savedValue(of url: URL, unless defaultURL: String) -> String? {
        url.absoluteString == defaultURL ? nil : url.absoluteString
    }

    /// Saves `credentials` and `settings` for `profile`, the secrets labelled for keyring browsers.
    /// - Throws: the lock's, the store's or the file's error; nothing is changed then.
    func save(_ credentials: StoredCredentials, settings: ProfileSettings, profile: String) async throws {
        if let fleet = store as? EtcdStore {
            return try await saveToFleet(fleet, credentials, settings: settings, profile: profile)
        }
        let label = CredentialLabel.make(profile: profile, settings: settings)
        let path = environment.paths.configFile
        let store = self.store
        let previousStorage: StorageKind? = try await environment.profileLock(for: profile).whileChanging {
            try await ConfigFile.withLock(at: path) {
                var config = try ConfigFile.load(from: path)
                let previousSettings = config.profiles[profile]
                let previousSecrets =
                    previousSettings?.storage == store.kind ? try await loadReplaceable(store, profile) : nil
                try await store.save(credentials, profile: profile, label: label)
                config.profiles[profile] = settings
                do {
                    try config.save(to: path)
                    cacheToken(of: credentials, settings: settings, profile: profile)
                } catch {
                    // The settings could not be written: the new secrets must not outlive them.
                    if let previousSecrets, let previousSettings {
                        try? await store.save(
                            previousSecrets, profile: profile,
                            label: CredentialLabel.make(profile: profile, settings: previousSettings))
                    } else {
                        _ = try? await store.delete(profile: profile)
                    }
                    throw error
                }
                return previousSettings?.storage
            }
        }
        if let previousStorage, previousStorage != store.kind {
            // The profile moved to another store: leave no stale secrets behind in the old one.
            _ = try? await environment.credentialStore(previousStorage).delete(profile: profile)
        }
    }

    /// The profile's stored document, to put back if the settings cannot be written; nil when
    /// there is none or it cannot be read (`.corrupt`): a new login is how such a document is
    /// replaced, so it must not stand in the way.
    private func loadReplaceable(_ store: any CredentialStore, _ profile: String) async throws -> StoredCredentials? {
        do {
            return try await store.load(profile: profile)
        } catch let error as CredentialStoreError where error.code == .corrupt {
            return nil
        }
    }

    /// Starts the kernel cache with the new login's token, so the first `token` after a login is
    /// already a cached one. Called holding the profile's lock, after the settings are written.
    func cacheToken(of credentials: StoredCredentials, settings: ProfileSettings, profile: String) {
        guard store.kind == settings.storage, settings.storage != .custom,
            let cache = environment.kernelCache(for: profile), let apiURL = try? environment.apiURL(settings)
        else { return }
        let credential: Credential
        switch settings.auth {
        case .basic:
            guard let apiToken = credentials.apiToken else { return }
            credential = Credential(
                scheme: .basic, token: apiToken, email: settings.email, expiresAt: nil, cloudID: settings.cloudID,
                apiURL: apiURL)
        case .oauth, .clientCredentials:
            guard let token = credentials.accessToken, let expiry = credentials.accessTokenExpiresAt else { return }
            credential = Credential(
                scheme: .bearer, token: token, expiresAt: expiry, cloudID: settings.cloudID, apiURL: apiURL)
        }
        cache.store(
            KernelCachedCredential(credential, settings: settings, environment: environment),
            readAt: ConfigStamp(path: environment.paths.configFile))
    }
}
