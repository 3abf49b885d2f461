/// Where a profile's secrets live: one ``StoredCredentials`` document per profile.
public protocol CredentialStore: Sendable {
    /// Which kind of store this is, as `status` shows it.
    var kind: StorageKind { get }

    /// Checks that the store can be read and written now, before a login asks the user for anything.
    /// - Throws: ``CredentialStoreError`` saying why not.
    func probe() async throws

    /// The profile's credentials, or nil when there are none.
    func load(profile: String) async throws -> StoredCredentials?

    /// Replaces the profile's credentials in one write.
    /// - Parameter label: a human-readable name for keyring browsers.
    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws

    /// Removes the profile's credentials. Returns whether there were any.
    @discardableResult
    func delete(profile: String) async throws -> Bool
}

/// The kinds of credential store.
public enum StorageKind: String, Sendable, Codable, CaseIterable {
    /// The Secret Service (gnome-keyring, KWallet, KeePassXC) through libsecret.
    case keyring
    /// A 0600 file, only when the user asks for it.
    case file
    /// Process memory, for tests.
    case memory
}

/// The human-readable name of a profile's stored credentials, as keyring browsers show it.
enum CredentialLabel {
    /// `csm-auth: NAME (SITE)`, where SITE is the site's host or name.
    static func make(profile: String, site: String?) -> String {
        "csm-auth: \(profile) (\(site ?? "no site chosen"))"
    }

    /// The label of a profile with these settings: its site's host, else its name.
    static func make(profile: String, settings: ProfileSettings) -> String {
        make(profile: profile, site: settings.siteURL.flatMap(URLParts.host(of:)) ?? settings.siteName)
    }
}
