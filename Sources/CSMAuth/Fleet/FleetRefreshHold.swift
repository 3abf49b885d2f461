/// A profile's fleet refresh lock, held by this machine: a lock key attached to a lease, so a
/// machine that dies holding it loses it when the lease expires.
///
/// While the hold lives, its lease is renewed (when a renewal interval is given): a refresh may
/// wait on Atlassian for longer than the lease (30 s at most against 10 s), and a lock that
/// expired meanwhile would let another machine refresh the same login too. The renewal stops at
/// ``release()``, or when the last copy of the hold is gone (the holder dies).
package struct FleetRefreshHold: Sendable {
    /// The store the lock is in.
    package let store: EtcdStore
    /// The profile whose refresh this is.
    package let profile: String
    /// The lease the lock key is attached to.
    package let lease: Int64
    private let renewal: LeaseRenewal?

    /// - Parameters:
    ///   - store: the fleet's store.
    ///   - profile: the profile.
    ///   - lease: the lease of the lock key.
    ///   - interval: how often the lease is renewed while the hold lives (a third of its time to
    ///     live, say); nil to leave it to expire.
    package init(store: EtcdStore, profile: String, lease: Int64, renewingEvery interval: Duration? = nil) {
        self.store = store
        self.profile = profile
        self.lease = lease
        renewal = interval.map { LeaseRenewal(client: store.client, lease: lease, interval: $0) }
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
        renewal?.stop()
        try? await store.client.revokeLease(lease)
    }
}

/// Renews a lease every interval until stopped or dropped; a failed renewal is tried again at
/// the next interval (the lease may still be alive).
private final class LeaseRenewal: Sendable {
    private let task: Task<Void, Never>

    init(client: EtcdClient, lease: Int64, interval: Duration) {
        task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                if let left = try? await client.renewLease(lease), left <= 0 { return }
            }
        }
    }

    func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}
