/// A store that could not be set up (a fleet without endpoints or key, say): every use fails
/// with the reason, so the command that needs it reports that one line and its exit code.
struct UnusableStore: CredentialStore {
    let kind: StorageKind
    /// Why the store cannot be used.
    let reason: any Error

    func probe() async throws { throw reason }

    func load(profile: String) async throws -> StoredCredentials? { throw reason }

    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws { throw reason }

    func delete(profile: String) async throws -> Bool { throw reason }
}

extension Result where Success == any CredentialStore {
    /// The store, or one whose every use fails with the error that kept it from being set up.
    func get(orUnusable kind: StorageKind) -> any CredentialStore {
        switch self {
        case .success(let store): store
        case .failure(let error): UnusableStore(kind: kind, reason: error)
        }
    }
}
