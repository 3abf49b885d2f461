extension Profiles {
    /// One profile's settings wherever they are kept: the settings file, or the fleet's etcd for a
    /// fleet profile — one whose entry in the file says `storage = etcd` (the machine it was
    /// logged in on), or one the file does not name while `CSM_AUTH_STORAGE=etcd` (any other
    /// machine of the fleet, which needs no settings file).
    /// - Parameter name: the profile's name.
    /// - Throws: the settings file's errors; for a fleet profile, the fleet's (store unavailable,
    ///   or a fleet key that does not open the profile).
    package func resolvedSettings(_ name: String) async throws -> ProfileSettings? {
        let local = try settings(name)
        if let local, local.storage != .etcd { return local }
        guard local != nil || environment.usesFleet else { return nil }
        return try await environment.fleetStore().loadSettings(profile: name)
    }

    /// ``names(selectedBy:all:)`` with the fleet's profiles too when `CSM_AUTH_STORAGE=etcd`:
    /// what `status --all` and `logout --all` act on.
    package func names(selectedBy flag: String?, all: Bool) async throws -> [String] {
        all ? try await allNames() : [try environment.profileName(flag)]
    }

    /// Every saved profile: the settings file's, and the fleet's when `CSM_AUTH_STORAGE=etcd`,
    /// sorted by name.
    func allNames() async throws -> [String] {
        var names = Set(try all().keys)
        if environment.usesFleet { names.formUnion(try await environment.fleetStore().profileNames()) }
        return names.sorted()
    }

    /// The settings file's entry for a profile whose settings are in the fleet: it only says where.
    static let fleetPointer = ProfileSettings(storage: .etcd)

    /// Makes the site `site` the fleet profile's, in the fleet's settings.
    func selectFleetSite(_ site: AccessibleResource, for profile: String) async throws {
        let fleet = try environment.fleetStore()
        let settings = try selecting(site, in: try await fleet.loadSettings(profile: profile), of: profile)
        try await fleet.saveSettings(settings, profile: profile)
    }

    /// `settings` with `site` selected.
    /// - Throws: ``CSMAuthError`` (`.notLoggedIn`) when the profile has no settings.
    func selecting(_ site: AccessibleResource, in settings: ProfileSettings?, of profile: String) throws
        -> ProfileSettings
    {
        guard var settings else {
            throw CSMAuthError(
                .notLoggedIn, "profile '\(profile)' is not logged in",
                fix: LoginCommand(toolName: environment.toolName, profile: profile))
        }
        settings.cloudID = site.id
        settings.siteURL = site.url
        settings.siteName = site.name
        return settings
    }
}
