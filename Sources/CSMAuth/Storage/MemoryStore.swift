import NIOConcurrencyHelpers

/// A ``CredentialStore`` in process memory, for tests and for programs that keep nothing on disk.
public final class MemoryStore: CredentialStore {
    private let items = NIOLockedValueBox<[String: StoredCredentials]>([:])

    public init() {}

    /// ``StorageKind/custom``: give the store to ``CSMAuthEnvironment/customStore`` to log in to it.
    public var kind: StorageKind { .custom }

    public func probe() async throws {}

    public func load(profile: String) async throws -> StoredCredentials? {
        items.withLockedValue { $0[profile] }
    }

    public func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        items.withLockedValue { $0[profile] = credentials }
    }

    @discardableResult
    public func delete(profile: String) async throws -> Bool {
        items.withLockedValue { $0.removeValue(forKey: profile) != nil }
    }
}
