/// The profiles of the configuration file: reading, saving and removing their settings.
public struct Profiles: Sendable {
    /// The environment whose configuration file (`CSMAuthPaths/configFile`) and stores are used.
    public let environment: CSMAuthEnvironment

    /// - Parameter environment: the environment whose configuration file and stores are used.
    public init(environment: CSMAuthEnvironment) {
        self.environment = environment
    }

    var configPath: String { environment.paths.configFile }

    /// Every profile's settings, by profile name; empty when there is no configuration file.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the configuration file is unsafe,
    ///   unreadable or malformed.
    public func all() throws -> [String: ProfileSettings] {
        try ConfigFile.load(from: configPath).profiles
    }

    /// One profile's settings, nil when it has none.
    /// - Parameter name: the profile's name.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the configuration file is unsafe,
    ///   unreadable or malformed.
    public func settings(_ name: String) throws -> ProfileSettings? {
        try all()[name]
    }

    /// Writes one profile's settings, keeping the others, under the configuration's lock. Its
    /// secrets are not touched, and `name` is not validated.
    /// - Parameters:
    ///   - settings: the profile's new settings.
    ///   - name: the profile's name; give a valid one, or the file cannot be read back.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the file or its folder cannot be
    ///   used, (`.lockTimeout`) when another process holds its lock past the wait;
    ///   (`.invalidConfiguration`) also when the file cannot be written (a full disk);
    ///   ``CredentialStoreError`` (`.insecurePermissions`) when its folder is not safe.
    public func save(_ settings: ProfileSettings, as name: String) async throws {
        _ = try ProfileName.validated(name)
        try await ConfigFile.update(at: configPath) { $0.profiles[name] = settings }
    }

    /// The profiles a command acts on: every saved one with `all`, else the one `flag` names
    /// (or `CSM_AUTH_PROFILE`, or `default`), whether saved or not.
    /// - Parameters:
    ///   - flag: `--profile`, if given.
    ///   - all: `--all`: every saved profile, sorted by name, and `flag` is ignored.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name,
    ///   (`.invalidConfiguration`) when the configuration file cannot be used.
    public func names(selectedBy flag: String?, all: Bool) throws -> [String] {
        all ? try self.all().keys.sorted() : [try environment.profileName(flag)]
    }

    /// The saved profiles whose names start with `prefix`, sorted: what `--profile <TAB>` offers.
    /// Only the settings file is read (no store, no request, so never a secret), and only valid
    /// names are offered; an unusable file offers nothing.
    package func names(startingWith prefix: String) -> [String] {
        guard let profiles = try? all() else { return [] }
        return profiles.keys.filter { $0.hasPrefix(prefix) && (try? ProfileName.validated($0)) != nil }.sorted()
    }

    /// What `status` reports: the profile `flag` names (or every saved one with `all`), each from its
    /// settings and its own store. When `CSM_AUTH_TOKEN` is set, which every command then uses
    /// instead of a profile, its entry comes first (and alone without `all`).
    /// - Parameters:
    ///   - flag: `--profile`, if given.
    ///   - all: `--all`: every saved profile.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name or `CSM_AUTH_TOKEN`,
    ///   (`.invalidConfiguration`) when the configuration file cannot be used;
    ///   ``CredentialStoreError`` when a profile's store cannot be read.
    package func statuses(selectedBy flag: String?, all: Bool) async throws -> [ProfileStatus] {
        let names = try await names(selectedBy: flag, all: all)
        var reports: [ProfileStatus] = []
        if let fixed = try Credential.fromEnvironment(environment) {
            reports.append(.environmentOverride(fixed, profile: try environment.profileName(flag)))
        }
        if reports.isEmpty || all { reports += try await statuses(names) }
        return reports
    }

    /// What `status` reports for each of `names`, from the settings and each profile's own store,
    /// in the order given; ``ProfileStatus/accessTokenCached`` says whether the kernel cache holds
    /// the token. `CSM_AUTH_TOKEN` is not considered.
    /// A profile whose stored document cannot be read (``CredentialStoreError/Code/corrupt``) is
    /// reported as not logged in, with the store's line as its ``ProfileStatus/problem``.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the configuration file cannot be
    ///   used; ``CredentialStoreError`` when a profile's store cannot be reached.
    package func statuses(_ names: [String]) async throws -> [ProfileStatus] {
        var reports: [ProfileStatus] = []
        for name in names {
            let settings = try await resolvedSettings(name)
            var credentials: StoredCredentials?
            var unreadable: CredentialStoreError?
            if let settings {
                do {
                    credentials = try await environment.credentialStore(settings.storage).load(profile: name)
                } catch let error as CredentialStoreError where error.code == .corrupt {
                    // One profile's broken document is that profile's problem: the others are still reported.
                    unreadable = error
                }
            }
            var status = ProfileStatus(
                profile: name, settings: settings, credentials: credentials, toolName: environment.toolName)
            if let unreadable { status.problem = unreadable.message }
            status.accessTokenCached = status.loggedIn && environment.kernelCache(for: name)?.isCached() == true
            reports.append(status)
        }
        return reports
    }

    /// Makes the site `query` names (cloudId, URL, host or name) the profile's, among `sites`.
    /// Under the profile's lock the kernel cache of its token (which names the old site) is
    /// dropped first; the settings are read and written under the configuration's lock, so a
    /// concurrent save of this or another profile is not lost.
    /// - Parameters:
    ///   - query: the site's cloudId, URL, host or name, compared case-insensitively.
    ///   - sites: the sites to choose among (``AuthSession/sites()``).
    ///   - profile: the profile whose settings change.
    /// - Returns: the site now selected.
    /// - Throws: ``CSMAuthError`` (`.siteNotFound`, `.siteAmbiguous`) when nothing or several sites
    ///   match, (`.notLoggedIn`) when the profile has no settings, (`.lockTimeout`) when a lock
    ///   stays taken past the wait, (`.invalidConfiguration`) when the file cannot be used;
    ///   (`.invalidConfiguration`) also when the file cannot be written (a full disk);
    ///   ``CredentialStoreError`` (`.insecurePermissions`) when its folder is not safe.
    @discardableResult
    public func selectSite(_ query: String, among sites: [AccessibleResource], for profile: String) async throws
        -> AccessibleResource
    {
        _ = try ProfileName.validated(profile)
        let site = try SiteDirectory.match(query, in: sites)
        if try settings(profile)?.storage == .etcd || (try settings(profile) == nil && environment.usesFleet) {
            try await environment.profileLock(for: profile).whileChanging {
                try await selectFleetSite(site, for: profile)
            }
            return site
        }
        try await environment.profileLock(for: profile).whileChanging {
            try await ConfigFile.withLock(at: configPath) {
                var config = try ConfigFile.load(from: configPath)
                config.profiles[profile] = try selecting(site, in: config.profiles[profile], of: profile)
                try config.save(to: configPath)
            }
        }
        return site
    }

    /// Logs a profile out: drops its kernel-cached token, deletes its secrets from its store, then its settings, under its lock
    /// (so a refresh in flight cannot write the secrets back).
    /// - Parameter name: the profile's name.
    /// - Returns: whether there were secrets or settings to remove.
    /// - Throws: ``CredentialStoreError`` when the store fails (then the settings are kept);
    ///   ``CSMAuthError`` (`.lockTimeout`) when a lock stays taken past the wait,
    ///   (`.invalidConfiguration`) when the configuration file or a lock file cannot be used or
    ///   written (a full disk), (`.invalidInput`) for an invalid `CSM_AUTH_STORAGE` when the
    ///   profile has no settings.
    @discardableResult
    public func logout(_ name: String) async throws -> Bool {
        _ = try ProfileName.validated(name)
        return try await environment.profileLock(for: name).whileChanging {
            let local = try settings(name)
            if local?.storage == .etcd || (local == nil && environment.usesFleet) {
                // A fleet's profile: its settings and secrets go from etcd, for every machine.
                let hadKeys = try await environment.fleetStore().deleteProfile(name)
                let hadPointer = try await remove(name)
                return hadKeys || hadPointer
            }
            let storage = try environment.storage(of: local)
            let hadSecrets = try await environment.credentialStore(storage).delete(profile: name)
            let hadSettings = try await remove(name)
            return hadSecrets || hadSettings
        }
    }

    /// Removes one profile's settings under the configuration's lock; its secrets stay where they
    /// are (``logout(_:)`` removes both).
    /// - Parameter name: the profile's name.
    /// - Returns: whether it had any.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when the file or its folder cannot be
    ///   used, (`.lockTimeout`) when another process holds its lock past the wait;
    ///   (`.invalidConfiguration`) also when the file cannot be written (a full disk);
    ///   ``CredentialStoreError`` (`.insecurePermissions`) when its folder is not safe.
    @discardableResult
    public func remove(_ name: String) async throws -> Bool {
        _ = try ProfileName.validated(name)
        return try await ConfigFile.withLock(at: configPath) {
            var config = try ConfigFile.load(from: configPath)
            guard config.profiles.removeValue(forKey: name) != nil else { return false }
            try config.save(to: configPath)
            return true
        }
    }
}
