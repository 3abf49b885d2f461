/// Where a profile's secrets live: one ``StoredCredentials`` document per profile.
public protocol CredentialStore: Sendable {
    /// Which kind of store this is, as `status` shows it.
    var kind: StorageKind { get }

    /// Checks that the store can be read and written now, before a login asks the user for anything.
    /// - Throws: ``CredentialStoreError`` saying why not.
    func probe() async throws

    /// The profile's credentials, or nil when there are none.
    /// - Parameter profile: the profile's name.
    /// - Throws: ``CredentialStoreError``: (`.corrupt`) for a document that cannot be read, which
    ///   asks for a new login; any other code when the store cannot be reached. Never throw for
    ///   "no credentials": return nil.
    func load(profile: String) async throws -> StoredCredentials?

    /// Replaces the profile's credentials in one write.
    /// - Parameters:
    ///   - credentials: the profile's whole document.
    ///   - profile: the profile's name.
    ///   - label: a human-readable name for keyring browsers.
    /// - Throws: ``CredentialStoreError`` when the document could not be written; the previous one
    ///   must then be left as it was.
    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws

    /// Removes the profile's credentials. Returns whether there were any.
    /// - Parameter profile: the profile's name.
    /// - Throws: ``CredentialStoreError`` when the store cannot be reached or changed.
    @discardableResult
    func delete(profile: String) async throws -> Bool
}
