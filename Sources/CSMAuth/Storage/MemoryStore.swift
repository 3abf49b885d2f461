import NIOConcurrencyHelpers

/// A ``CredentialStore`` in process memory, for tests and for programs that keep nothing on disk.
public final class MemoryStore: CredentialStore {
    private let items = NIOLockedValueBox<[String: StoredCredentials]>([:])

    /// An empty store.
    public init() {}

    /// ``StorageKind/custom``: give the store to ``CSMAuthEnvironment/customStore`` to log in to it.
    public var kind: StorageKind { .custom }

    /// Does nothing: memory is always available.
    public func probe() async throws {}

    /// The credentials last saved for `profile` in this store; nil when there are none. Never throws.
    public func load(profile: String) async throws -> StoredCredentials? {
        items.withLockedValue { $0[profile] }
    }

    /// Keeps `credentials` for `profile`, replacing what was there; `label` is ignored. Never throws.
    public func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        items.withLockedValue { $0[profile] = credentials }
    }

    /// Forgets `profile`'s credentials.
    /// - Returns: whether there were any. Never throws.
    @discardableResult
    public func delete(profile: String) async throws -> Bool {
        items.withLockedValue { $0.removeValue(forKey: profile) != nil }
    }
}
