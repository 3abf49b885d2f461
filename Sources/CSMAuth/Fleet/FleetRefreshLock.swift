/// One refresh per fleet: before a machine refreshes a profile's login it takes the profile's
/// refresh lock in etcd, or learns that another machine refreshed meanwhile.
///
/// The lock is a key created with a transaction on `create_revision == 0` and attached to a
/// lease (``leaseSeconds``). A machine that finds it taken does not queue behind the holder to
/// refresh again: it polls the credentials' mod revision and answers ``FleetRefreshTurn/changed``
/// as soon as it moves, and tries the lock again only when the key is gone (released, or the
/// holder's lease expired because it died).
package struct FleetRefreshLock: Sendable {
    /// The fleet's store.
    package let store: EtcdStore
    /// The lease of a held lock: how long a dead holder keeps it. Default 10 s.
    package var leaseSeconds: Int64
    /// How often a waiter looks at the credentials and the lock, at most: the first looks come
    /// sooner (5 ms, then twice as long each time). Default 50 ms.
    package var pollInterval: Duration

    /// - Parameters:
    ///   - store: the fleet's store.
    ///   - leaseSeconds: the lock's lease; default 10 s, well inside Atlassian's 10-minute reuse interval.
    ///   - pollInterval: how often a waiter looks; default 50 ms.
    package init(store: EtcdStore, leaseSeconds: Int64 = 10, pollInterval: Duration = .milliseconds(50)) {
        self.store = store
        self.leaseSeconds = leaseSeconds
        self.pollInterval = pollInterval
    }

    /// Takes the profile's refresh lock, or returns ``FleetRefreshTurn/changed`` once the
    /// credentials' mod revision is no longer `observedRevision`.
    /// - Parameters:
    ///   - profile: the profile to refresh.
    ///   - observedRevision: the mod revision of the credentials this machine found stale (0 for none).
    ///   - timeout: the longest wait for a live holder.
    /// - Throws: ``CSMAuthError`` (`.lockTimeout`) naming the wait when neither happens within
    ///   `timeout`; the store's errors.
    package func takeRefreshTurn(profile: String, observedRevision: Int64, timeout: Duration) async throws
        -> FleetRefreshTurn
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let lockKey = store.key("refresh-lock", of: profile)
        let credentialsKey = store.key("credentials", of: profile)
        let client = store.client
        while true {
            // A lock that is plainly taken costs a waiter no lease: two writes saved per machine in a storm.
            if try await client.get(lockKey) == nil,
                let turn = try await take(
                    lockKey, checking: credentialsKey, observedRevision: observedRevision, profile: profile,
                    deadline: deadline)
            {
                return turn
            }
            // Quick looks first (a refresh takes tens of milliseconds), then every pollInterval.
            var pause = min(Duration.milliseconds(5), pollInterval)
            while true {
                let (credentials, lock) = try await read(credentialsKey, lockKey, of: profile)
                if credentials != observedRevision { return .changed }
                if !lock { break }
                guard clock.now < deadline else {
                    throw CSMAuthError(
                        .lockTimeout,
                        "waited \(timeout) for another machine's refresh of profile '\(profile)' (the etcd key \(lockKey)); try again"
                    )
                }
                try await Task.sleep(for: pause)
                pause = min(pause * 2, pollInterval)
            }
        }
    }

    /// Creates the lock key with a new lease: the turn, or `.changed` when the credentials moved
    /// before it was created; nil when another machine created it first.
    private func take(
        _ lockKey: String, checking credentialsKey: String, observedRevision: Int64, profile: String,
        deadline: ContinuousClock.Instant
    ) async throws -> FleetRefreshTurn? {
        let client = store.client
        while true {
            let lease = try await client.grantLease(seconds: leaseSeconds)
            let created: Bool
            do {
                created = try await client.create(lockKey, Array("held".utf8), lease: lease)
            } catch let error as CredentialStoreError where error.message.contains("requested lease not found") {
                // The lease ran out before the lock was created (a machine stalled that long): take a new one.
                guard ContinuousClock().now < deadline else { throw error }
                continue
            } catch {
                try? await client.revokeLease(lease)
                throw error
            }
            guard created else {
                try? await client.revokeLease(lease)
                return nil
            }
            let hold = FleetRefreshHold(store: store, profile: profile, lease: lease)
            // Another machine may have refreshed between our read and the lock.
            if try await client.get(credentialsKey)?.modRevision ?? 0 != observedRevision {
                await hold.release()
                return .changed
            }
            return .held(hold)
        }
    }

    /// The credentials' mod revision (0: none) and whether the lock key exists, in one range read
    /// of the profile's keys.
    private func read(_ credentialsKey: String, _ lockKey: String, of profile: String) async throws -> (Int64, Bool) {
        let entries = try await store.client.entries(withPrefix: store.key("", of: profile))
        let credentials = entries.first { $0.key == credentialsKey }?.modRevision ?? 0
        return (credentials, entries.contains { $0.key == lockKey })
    }
}
