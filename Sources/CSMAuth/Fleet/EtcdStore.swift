import FoundationEssentials

/// A fleet's ``CredentialStore``: the profiles of many machines in one etcd cluster, every value
/// sealed under the fleet key (``FleetSealing``) with its profile and name bound to it.
///
/// A profile's keys are `PREFIX/profiles/NAME/credentials` (``StoredCredentials`` as JSON),
/// `…/settings` (the profile's `key = value` lines) and `…/refresh-lock` (``FleetRefreshLock``).
/// A value that the fleet key does not open is the sealer's error (store unavailable), never
/// "not logged in", and nothing is written over it on the way.
package struct EtcdStore: CredentialStore {
    /// The cluster's client.
    package let client: EtcdClient
    /// Seals what is written and opens what is read.
    package let sealer: any FleetSealing
    /// The prefix of every key, from the client's configuration (starts and ends with `/`).
    package let prefix: String

    /// The store of the cluster `client` reaches, under its configuration's prefix.
    /// - Parameters:
    ///   - client: the cluster's client.
    ///   - sealer: the fleet key's sealer.
    package init(client: EtcdClient, sealer: any FleetSealing) {
        self.client = client
        self.sealer = sealer
        self.prefix = client.configuration.prefix
    }

    /// ``StorageKind/etcd``.
    package var kind: StorageKind { .etcd }

    /// The key of `name` (`credentials`, `settings`, `refresh-lock`) of `profile`.
    package func key(_ name: String, of profile: String) -> String {
        "\(profilePrefix(profile))\(name)"
    }

    private func profilePrefix(_ profile: String) -> String {
        "\(prefix)profiles/\(profile)/"
    }

    /// One cheap read (a range of one key under the prefix), so an unreachable cluster or a
    /// refused user is known before a login asks anything.
    /// - Throws: ``EtcdUnavailableError`` or ``CredentialStoreError`` (both store unavailable).
    package func probe() async throws {
        _ = try await client.entries(withPrefix: prefix, limit: 1)
    }

    /// The profile's credentials, nil when there are none.
    /// - Throws: the sealer's error when the fleet key does not open them; ``CredentialStoreError``
    ///   (`.corrupt`) when they open but are not a document; the client's errors.
    package func load(profile: String) async throws -> StoredCredentials? {
        try await loadVersioned(profile: profile).credentials
    }

    /// The profile's credentials with the mod revision of their key (0 when there are none), for
    /// a later ``save(_:profile:ifRevision:)``.
    package func loadVersioned(profile: String) async throws -> (credentials: StoredCredentials?, revision: Int64) {
        let key = key("credentials", of: profile)
        guard let entry = try await client.get(key) else { return (nil, 0) }
        let plaintext = try sealer.open(entry.value, profile: profile, name: "credentials")
        return (try StoredCredentials.decoded(from: Data(plaintext), location: "etcd (\(key))"), entry.modRevision)
    }

    /// Replaces the profile's credentials.
    /// - Parameter label: unused: etcd keys have no label.
    package func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        let sealed = try sealer.seal(Array(try credentials.encoded()), profile: profile, name: "credentials")
        try await client.put(key("credentials", of: profile), sealed)
    }

    /// Replaces the profile's credentials only when their key's mod revision is still `revision`
    /// (0: only when there are none).
    /// - Returns: whether they were written; false when another machine wrote them meanwhile.
    package func save(_ credentials: StoredCredentials, profile: String, ifRevision revision: Int64) async throws
        -> Bool
    {
        let sealed = try sealer.seal(Array(try credentials.encoded()), profile: profile, name: "credentials")
        return try await client.put(key("credentials", of: profile), sealed, ifModRevision: revision)
    }

    /// Replaces the profile's credentials only when their key's mod revision is still `revision`.
    /// - Returns: whether they were written; false when another machine wrote them meanwhile
    ///   (its write stays).
    /// - Throws: ``CSMAuthError`` (`.notLoggedIn`) when a logout removed them meanwhile: nothing
    ///   is written back; the client's errors.
    package func replace(_ credentials: StoredCredentials, profile: String, revision: Int64) async throws -> Bool {
        if try await save(credentials, profile: profile, ifRevision: revision) { return true }
        guard try await client.get(key("credentials", of: profile)) != nil else {
            throw CSMAuthError(
                .notLoggedIn,
                "profile '\(profile)' was logged out of the fleet during the refresh; its new tokens were dropped")
        }
        return false
    }

    /// Removes the profile's credentials (its settings stay). Returns whether there were any.
    @discardableResult
    package func delete(profile: String) async throws -> Bool {
        try await client.delete(key("credentials", of: profile))
    }

    /// Removes every key of the profile: credentials, settings and lock (logout).
    /// - Returns: whether there was any.
    @discardableResult
    package func deleteProfile(_ profile: String) async throws -> Bool {
        try await client.deletePrefix(profilePrefix(profile)) > 0
    }

    /// The profile's settings, nil when the fleet has none for it.
    /// - Throws: the sealer's error when the fleet key does not open them; ``CSMAuthError`` when
    ///   they hold an invalid value.
    package func loadSettings(profile: String) async throws -> ProfileSettings? {
        let key = key("settings", of: profile)
        guard let entry = try await client.get(key) else { return nil }
        let plaintext = try sealer.open(entry.value, profile: profile, name: "settings")
        return try Self.settings(fromLines: String(decoding: plaintext, as: UTF8.self), profile: profile, key: key)
    }

    /// Replaces the profile's settings.
    package func saveSettings(_ settings: ProfileSettings, profile: String) async throws {
        let sealed = try sealer.seal(Array(Self.lines(of: settings).utf8), profile: profile, name: "settings")
        try await client.put(key("settings", of: profile), sealed)
    }

    /// The names of the profiles that have any key in the fleet, sorted.
    package func profileNames() async throws -> [String] {
        let profiles = "\(prefix)profiles/"
        var names: Set<String> = []
        for entry in try await client.entries(withPrefix: profiles) {
            let rest = entry.key.dropFirst(profiles.count)
            if let slash = rest.firstIndex(of: "/"), slash != rest.startIndex { names.insert(String(rest[..<slash])) }
        }
        return names.sorted()
    }

    /// The settings as `key = value` lines, as the configuration file writes a profile's section.
    static func lines(of settings: ProfileSettings) -> String {
        settings.keyValues.map { key, value in "\(key) = \(String(value.map { $0.isNewline ? " " : $0 }))\n" }
            .joined()
    }

    /// Settings read back from ``lines(of:)``.
    static func settings(fromLines text: String, profile: String, key: String) throws -> ProfileSettings {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[line[..<equals].trimmingWhitespace()] = line[line.index(after: equals)...].trimmingWhitespace()
        }
        return try ProfileSettings(keyValues: values, profile: profile, file: "etcd (\(key))")
    }
}
