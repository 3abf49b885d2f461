/// A profile's fleet refresh lock, held by this machine: a lock key attached to a lease, so a
/// machine that dies holding it loses it when the lease expires.
package struct FleetRefreshHold: Sendable {
    /// The store the lock is in.
    package let store: EtcdStore
    /// The profile whose refresh this is.
    package let profile: String
    /// The lease the lock key is attached to.
    package let lease: Int64

    /// - Parameters:
    ///   - store: the fleet's store.
    ///   - profile: the profile.
    ///   - lease: the lease of the lock key.
    package init(store: EtcdStore, profile: String, lease: Int64) {
        self.store = store
        self.profile = profile
        self.lease = lease
    }

    /// Writes the refreshed credentials, only when their key's mod revision is still `expectedRevision`,
    /// or when what was written since opens to `read` all the same (`fleet-key --reseal` sealed
    /// them again under a new key: nothing another machine would want kept).
    /// - Parameters:
    ///   - credentials: the refreshed credentials.
    ///   - expectedRevision: the mod revision of the credentials the refresh started from.
    ///   - read: the credentials the refresh started from; nil to take any change as a conflict.
    /// - Throws: ``FleetConflictError`` when another machine wrote them meanwhile (its write stays);
    ///   ``CSMAuthError`` (`.notLoggedIn`) when a logout removed them meanwhile (nothing is written
    ///   back); the store's errors.
    package func save(
        _ credentials: StoredCredentials, expectedRevision: Int64, readAs read: StoredCredentials? = nil
    ) async throws {
        var revision = expectedRevision
        while try await !store.replace(credentials, profile: profile, revision: revision) {
            let (stored, storedRevision) = try await store.loadVersioned(profile: profile)
            guard let read, stored == read, storedRevision != revision else {
                throw FleetConflictError(profile: profile)
            }
            revision = storedRevision
        }
    }

    /// Gives the lock up: revokes the lease, which removes the lock key if it is still this
    /// machine's (a key another machine created after the lease expired is on its own lease). Best
    /// effort: a failure leaves the lease to expire.
    package func release() async {
        try? await store.client.revokeLease(lease)
    }
}
