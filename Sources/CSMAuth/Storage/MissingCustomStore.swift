/// The store of ``StorageKind/custom`` profiles in a program that supplies none: every use fails,
/// saying that another program keeps the profile's secrets.
struct MissingCustomStore: CredentialStore {
    var kind: StorageKind { .custom }

    private var unavailable: CredentialStoreError {
        CredentialStoreError(.unavailable, "the profile keeps its secrets in a store of the program that logged it in, which this one does not have")
    }

    func probe() async throws { throw unavailable }

    func load(profile: String) async throws -> StoredCredentials? { throw unavailable }

    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws { throw unavailable }

    func delete(profile: String) async throws -> Bool { throw unavailable }
}
