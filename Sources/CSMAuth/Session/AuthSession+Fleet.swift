import FoundationEssentials

extension AuthSession {
    /// Steps 2 to 4 of the refresh algorithm across a fleet (`storage = etcd`), run while this
    /// machine's own profile lock is held, so at most one process per machine gets here:
    /// take the fleet's refresh turn (a lock key with a lease), re-read the credentials, refresh,
    /// and write with a compare-and-swap on the revision read. While another machine holds the
    /// turn, wait for its write and use what it stored: one refresh grant per fleet. A holder
    /// that dies loses its lease, and the next machine takes the turn.
    /// - Throws: `.notLoggedIn` when the fleet no longer has the profile's credentials; the
    ///   store's, the lock's and the refresh's errors.
    func refreshInFleet(
        _ fleet: EtcdStore, settings: ProfileSettings, force: Bool, minimumValidity: TimeInterval
    ) async throws -> Credential {
        var revision = try await fleet.loadVersioned(profile: profile).revision
        while true {
            switch try await FleetRefreshLock(store: fleet).takeRefreshTurn(
                profile: profile, observedRevision: revision, timeout: lockTimeout)
            {
            case .changed:
                // Another machine wrote meanwhile: use its token when it is one.
                let (stored, newRevision) = try await fleet.loadVersioned(profile: profile)
                revision = newRevision
                if let fresh = try usable(settings, try present(stored, settings), minimumValidity: minimumValidity) {
                    return fresh
                }
            case .held(let hold):
                do {
                    let credential = try await refreshHoldingTurn(
                        fleet, hold, settings: settings, lastRead: revision, force: force,
                        minimumValidity: minimumValidity)
                    await hold.release()
                    return credential
                } catch {
                    await hold.release()
                    throw error
                }
            }
        }
    }

    /// A service account's new token in a fleet, minted from its credentials as read now and
    /// written back only if nobody changed them since: a logout on another machine stays a
    /// logout (`.notLoggedIn`), and another machine's newer token or login is kept (this token,
    /// valid all the same, is still handed out). Service accounts take no fleet lock: their
    /// tokens do not rotate anything.
    func mintInFleet(_ fleet: EtcdStore, settings: ProfileSettings, force: Bool) async throws -> Credential {
        let (stored, revision) = try await fleet.loadVersioned(profile: profile)
        return try await mintClientCredentialsToken(
            settings: settings, current: try present(stored, settings), force: force
        ) { updated in
            _ = try await fleet.replace(updated, profile: self.profile, revision: revision)
        }
    }

    /// Step 3 and 4 with the fleet's turn held: re-read; another machine's new token is the
    /// answer, else refresh and write only if nothing changed since the re-read.
    private func refreshHoldingTurn(
        _ fleet: EtcdStore, _ hold: FleetRefreshHold, settings: ProfileSettings, lastRead: Int64, force: Bool,
        minimumValidity: TimeInterval
    ) async throws -> Credential {
        let (stored, revision) = try await fleet.loadVersioned(profile: profile)
        let current = try present(stored, settings)
        let changed = revision != lastRead
        if changed || !force, let fresh = try usable(settings, current, minimumValidity: force ? 0 : minimumValidity) {
            return fresh
        }
        return try await refreshed(current, settings: settings, force: force) { updated in
            try await hold.save(updated, expectedRevision: revision, readAs: current)
        }
    }

    private func present(_ stored: StoredCredentials?, _ settings: ProfileSettings) throws -> StoredCredentials {
        guard let stored else {
            throw CSMAuthError(
                .notLoggedIn, "profile '\(profile)' has no stored credentials in the fleet",
                fix: loginCommand(settings.auth))
        }
        return stored
    }
}
