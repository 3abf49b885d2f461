import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite(.enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"))
struct FleetRefreshLockTests {
    let store: EtcdStore
    let credentials = StoredCredentials(accessToken: Secret("access-1"), refreshToken: Secret("refresh-1"))

    init() async throws {
        store = EtcdStore(client: etcdClient(try await sharedEtcdCluster.get()), sealer: XORTestSealer())
    }

    /// Each "machine" has a client of its own, as separate processes would.
    private func machine() -> FleetRefreshLock {
        let client = EtcdClient(configuration: store.client.configuration)
        return FleetRefreshLock(store: EtcdStore(client: client, sealer: XORTestSealer()), leaseSeconds: 3)
    }

    @Test func onlyOneOfManyConcurrentTakersHoldsAndTheOthersSeeTheChange() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        let refreshed = StoredCredentials(accessToken: Secret("access-2"), refreshToken: Secret("refresh-2"))
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                let lock = machine()
                group.addTask {
                    switch try await lock.takeRefreshTurn(
                        profile: "sync", observedRevision: revision, timeout: .seconds(20))
                    {
                    case .held(let hold):
                        try await Task.sleep(for: .milliseconds(300))
                        try await hold.save(refreshed, expectedRevision: revision)
                        await hold.release()
                        return "held"
                    case .changed:
                        return "changed"
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "held" }.count == 1)
        #expect(outcomes.filter { $0 == "changed" }.count == 7)
        #expect(try await store.load(profile: "sync") == refreshed)
        #expect(try await store.client.get(store.key("refresh-lock", of: "sync")) == nil)
    }

    @Test func aDeadHoldersLockPassesToTheNextMachineWhenItsLeaseExpires() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        // The first machine takes the lock and dies: it never saves nor releases.
        guard
            case .held = try await machine().takeRefreshTurn(
                profile: "sync", observedRevision: revision, timeout: .seconds(5))
        else {
            Issue.record("the first machine did not get the lock")
            return
        }
        // Holding the turn at all is the proof: with the lock still there the wait would end in a
        // timeout error. How soon etcd expires a lease is its own affair (later on a loaded machine).
        let turn = try await machine().takeRefreshTurn(
            profile: "sync", observedRevision: revision, timeout: .seconds(30))
        guard case .held(let hold) = turn else {
            Issue.record("the next machine did not take over")
            return
        }
        try await hold.save(credentials, expectedRevision: revision)
        await hold.release()
    }

    @Test func aReleasedLockIsTakenByTheNextMachineAtOnce() async throws {
        guard
            case .held(let first) = try await machine().takeRefreshTurn(
                profile: "p", observedRevision: 0, timeout: .seconds(5))
        else {
            Issue.record("no lock")
            return
        }
        await first.release()
        guard
            case .held(let second) = try await machine().takeRefreshTurn(
                profile: "p", observedRevision: 0, timeout: .seconds(1))
        else {
            Issue.record("the released lock was not taken")
            return
        }
        await second.release()
    }

    @Test func aSaveAfterAnotherMachineWroteFailsAndKeepsItsWrite() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        guard
            case .held(let hold) = try await machine().takeRefreshTurn(
                profile: "sync", observedRevision: revision, timeout: .seconds(5))
        else {
            Issue.record("no lock")
            return
        }
        let other = StoredCredentials(accessToken: Secret("access-other"))
        try await store.save(other, profile: "sync", label: "")
        await #expect(throws: FleetConflictError(profile: "sync")) {
            try await hold.save(credentials, expectedRevision: revision)
        }
        #expect(try await store.load(profile: "sync") == other)
        await hold.release()
    }

    @Test func aSaveAfterALogoutOnAnotherMachineSaysNotLoggedInAndWritesNothing() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        guard
            case .held(let hold) = try await machine().takeRefreshTurn(
                profile: "sync", observedRevision: revision, timeout: .seconds(5))
        else {
            Issue.record("no lock")
            return
        }
        try await store.deleteProfile("sync")
        await #expect {
            try await hold.save(credentials, expectedRevision: revision)
        } throws: { error in
            (error as? CSMAuthError)?.code == .notLoggedIn && "\(error)".contains("logged out")
        }
        #expect(try await store.load(profile: "sync") == nil)
        await hold.release()
    }

    @Test func aSaveAfterTheSameCredentialsWereSealedAgainWritesTheRefreshedOnes() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        guard
            case .held(let hold) = try await machine().takeRefreshTurn(
                profile: "sync", observedRevision: revision, timeout: .seconds(5))
        else {
            Issue.record("no lock")
            return
        }
        // `fleet-key --reseal` meanwhile: the same credentials, written again.
        try await store.save(credentials, profile: "sync", label: "")
        let refreshed = StoredCredentials(accessToken: Secret("access-2"), refreshToken: Secret("refresh-2"))
        try await hold.save(refreshed, expectedRevision: revision, readAs: credentials)
        #expect(try await store.load(profile: "sync") == refreshed)
        await hold.release()
    }

    @Test func waitingForALiveHolderPastTheTimeoutNamesTheWait() async throws {
        let holder = FleetRefreshLock(store: store, leaseSeconds: 30)
        guard
            case .held(let hold) = try await holder.takeRefreshTurn(
                profile: "slow", observedRevision: 0, timeout: .seconds(5))
        else {
            Issue.record("no lock")
            return
        }
        await #expect {
            _ = try await machine().takeRefreshTurn(profile: "slow", observedRevision: 0, timeout: .milliseconds(300))
        } throws: { error in
            (error as? CSMAuthError)?.code == .lockTimeout && "\(error)".contains("profile 'slow'")
        }
        await hold.release()
    }

    @Test func aTakerThatFindsTheCredentialsChangedDoesNotHold() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        let turn = try await machine().takeRefreshTurn(profile: "sync", observedRevision: 1, timeout: .seconds(5))
        guard case .changed = turn else {
            Issue.record("expected .changed")
            return
        }
        #expect(try await store.client.get(store.key("refresh-lock", of: "sync")) == nil)
    }
}
