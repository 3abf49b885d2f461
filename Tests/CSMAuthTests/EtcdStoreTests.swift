import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite(.enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"))
struct EtcdStoreTests {
    let store: EtcdStore
    let credentials = StoredCredentials(
        clientSecret: Secret("client-secret-1"), accessToken: Secret("access-token-1"),
        accessTokenExpiresAt: Date(timeIntervalSince1970: 1_800_000_000), refreshToken: Secret("refresh-token-1"))

    init() async throws {
        store = EtcdStore(client: etcdClient(try await sharedEtcdCluster.get()), sealer: XORTestSealer())
    }

    @Test func savedCredentialsLoadBackAndAreStoredSealed() async throws {
        try await store.probe()
        try await store.save(credentials, profile: "sync", label: "unused")
        #expect(try await store.load(profile: "sync") == credentials)
        let raw = try #require(try await store.client.get(store.prefix + "profiles/sync/credentials")).value
        let text = String(decoding: raw, as: UTF8.self)
        #expect(
            !text.contains("access-token-1") && !text.contains("refresh-token-1") && !text.contains("client-secret"))
    }

    @Test func absentCredentialsAreNilAtRevisionZero() async throws {
        #expect(try await store.load(profile: "nobody") == nil)
        let (loaded, revision) = try await store.loadVersioned(profile: "nobody")
        #expect(loaded == nil && revision == 0)
    }

    @Test func aVersionedSaveWritesOnlyAtTheRevisionItRead() async throws {
        #expect(try await store.save(credentials, profile: "sync", ifRevision: 0))
        let (_, revision) = try await store.loadVersioned(profile: "sync")
        #expect(revision > 0)
        var newer = credentials
        newer.accessToken = Secret("access-token-2")
        #expect(try await store.save(newer, profile: "sync", ifRevision: revision))
        #expect(try await !store.save(credentials, profile: "sync", ifRevision: revision))
        #expect(try await store.load(profile: "sync") == newer)
    }

    @Test func settingsRoundTripThroughTheirKeyValueLines() async throws {
        let settings = ProfileSettings(
            auth: .oauth, storage: .etcd, clientID: "client-1", cloudID: "cloud-1",
            siteURL: "https://acme.atlassian.net", siteName: "acme", scopes: ["read:me", "offline_access"],
            otherKeys: ["future_key": "kept"])
        #expect(try await store.loadSettings(profile: "sync") == nil)
        try await store.saveSettings(settings, profile: "sync")
        #expect(try await store.loadSettings(profile: "sync") == settings)
        let raw = try #require(try await store.client.get(store.prefix + "profiles/sync/settings")).value
        #expect(!String(decoding: raw, as: UTF8.self).contains("acme"))
    }

    @Test func aValueSealedForAnotherProfileIsRefusedAndLeftAsItIs() async throws {
        try await store.save(credentials, profile: "other", label: "")
        let moved = try #require(try await store.client.get(store.prefix + "profiles/other/credentials")).value
        try await store.client.put(store.prefix + "profiles/sync/credentials", moved)
        await #expect {
            _ = try await store.load(profile: "sync")
        } throws: { error in
            (error as? any CategorizedError)?.category == .storeUnavailable
                && "\(error)" == "the fleet key does not open profile sync"
        }
        #expect(try await store.client.get(store.prefix + "profiles/sync/credentials")?.value == moved)
    }

    @Test func aValueUnderAnotherFleetKeyIsRefused() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        try await store.saveSettings(ProfileSettings(storage: .etcd), profile: "sync")
        let otherKey = EtcdStore(client: store.client, sealer: XORTestSealer(byte: 0x33))
        await #expect(throws: CredentialStoreError.self) { _ = try await otherKey.load(profile: "sync") }
        await #expect(throws: CredentialStoreError.self) { _ = try await otherKey.loadSettings(profile: "sync") }
    }

    @Test func deleteProfileRemovesEveryKeyOfTheProfileOnly() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        try await store.saveSettings(ProfileSettings(storage: .etcd), profile: "sync")
        try await store.save(credentials, profile: "sync2", label: "")
        #expect(try await store.deleteProfile("sync"))
        #expect(try await store.client.entries(withPrefix: store.prefix + "profiles/sync/").isEmpty)
        #expect(try await store.load(profile: "sync2") == credentials)
        #expect(try await !store.deleteProfile("sync"))
    }

    @Test func deleteRemovesTheCredentialsAndKeepsTheSettings() async throws {
        try await store.save(credentials, profile: "sync", label: "")
        try await store.saveSettings(ProfileSettings(storage: .etcd), profile: "sync")
        #expect(try await store.delete(profile: "sync"))
        #expect(try await store.load(profile: "sync") == nil)
        #expect(try await store.loadSettings(profile: "sync") != nil)
    }

    @Test func profileNamesListEachProfileOnce() async throws {
        #expect(try await store.profileNames() == [])
        try await store.save(credentials, profile: "b", label: "")
        try await store.saveSettings(ProfileSettings(storage: .etcd), profile: "b")
        try await store.saveSettings(ProfileSettings(storage: .etcd), profile: "a")
        #expect(try await store.profileNames() == ["a", "b"])
    }
}
