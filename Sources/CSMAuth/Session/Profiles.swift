/// The profiles of the configuration file: reading, saving and removing their settings.
public struct Profiles: Sendable {
    public let environment: CSMAuthEnvironment

    public init(environment: CSMAuthEnvironment) {
        self.environment = environment
    }

    var configPath: String { environment.paths.configFile }

    /// Every profile's settings.
    public func all() throws -> [String: ProfileSettings] {
        try ConfigFile.load(from: configPath).profiles
    }

    /// One profile's settings, nil when it has none.
    public func settings(_ name: String) throws -> ProfileSettings? {
        try all()[name]
    }

    /// Writes one profile's settings, keeping the others.
    public func save(_ settings: ProfileSettings, as name: String) async throws {
        try await ConfigFile.update(at: configPath) { $0.profiles[name] = settings }
    }

    /// Logs a profile out: deletes its secrets from its store, then its settings, under its lock
    /// (so a refresh in flight cannot write the secrets back). Returns whether there was anything.
    /// - Throws: the store's error (then nothing is removed), or the lock's.
    public func logout(_ name: String) async throws -> Bool {
        try await FileLock.withProfileLock(name, paths: environment.paths) {
            let storage = try environment.storage(of: try settings(name))
            let hadSecrets = try await environment.credentialStore(storage).delete(profile: name)
            let hadSettings = try await remove(name)
            return hadSecrets || hadSettings
        }
    }

    /// Removes one profile's settings. Returns whether it had any.
    @discardableResult
    public func remove(_ name: String) async throws -> Bool {
        try await ConfigFile.withLock(at: configPath) {
            var config = try ConfigFile.load(from: configPath)
            guard config.profiles.removeValue(forKey: name) != nil else { return false }
            try config.save(to: configPath)
            return true
        }
    }
}
