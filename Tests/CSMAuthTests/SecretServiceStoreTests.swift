import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// These run against the real Secret Service of the session (scripts/test starts a private
/// gnome-keyring). They fail, never skip, when there is none.
@Suite(.blocking) struct SecretServiceStoreTests {
    let store = SecretServiceStore()
    let profile = "test-\(UUID().uuidString.prefix(8))"
    let credentials = StoredCredentials(
        clientSecret: Secret("cs-\(UUID().uuidString)"), accessToken: Secret("at-\(UUID().uuidString)"),
        accessTokenExpiresAt: Date(timeIntervalSince1970: 1_900_000_000),
        refreshToken: Secret("rt-\(UUID().uuidString)")
    )

    init() {
        #expect(
            ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil,
            "no D-Bus session: run the tests with scripts/test, which starts a private keyring"
        )
    }

    @Test func probeSucceedsOnAnUnlockedKeyring() async throws {
        try await store.probe()
    }

    @Test func roundTripsThroughTheKeyringAndSecretToolSeesIt() async throws {
        try await store.save(credentials, profile: profile, label: "csm-auth: \(profile) (test)")
        defer { _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", profile]) }
        #expect(try await store.load(profile: profile) == credentials)

        let lookup = try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", profile])
        #expect(lookup.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(lookup.stdout.utf8)) as? [String: Any]
        #expect(document?["refreshToken"] as? String == credentials.refreshToken?.reveal())
    }

    @Test func savingReplacesTheOneItem() async throws {
        try await store.save(credentials, profile: profile, label: "first")
        var updated = credentials
        updated.refreshToken = Secret("rotated")
        try await store.save(updated, profile: profile, label: "second")
        defer { _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", profile]) }
        #expect(try await store.load(profile: profile)?.refreshToken == Secret("rotated"))
        let search = try ChildProcess.run(
            "secret-tool", ["search", "--all", "service", "csm-auth", "profile", profile])
        #expect(search.stdout.split(separator: "\n").filter { $0.hasPrefix("label = ") } == ["label = second"])
    }

    @Test func deleteRemovesTheItem() async throws {
        try await store.save(credentials, profile: profile, label: "x")
        #expect(try await store.delete(profile: profile))
        #expect(try await store.load(profile: profile) == nil)
        let lookup = try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", profile])
        #expect(lookup.status != 0 && lookup.stdout.isEmpty)
        #expect(try await !store.delete(profile: profile))
    }

    @Test func twoProfilesDoNotCollide() async throws {
        let other = profile + "-other"
        let otherCredentials = StoredCredentials(apiToken: Secret("api-token"))
        try await store.save(credentials, profile: profile, label: "a")
        try await store.save(otherCredentials, profile: other, label: "b")
        defer {
            _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", profile])
            _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", other])
        }
        #expect(try await store.load(profile: profile) == credentials)
        #expect(try await store.load(profile: other) == otherCredentials)
        try await store.delete(profile: other)
        #expect(try await store.load(profile: profile) == credentials)
    }

    @Test func itemsOfOtherServicesAreIgnored() async throws {
        let stored = try ChildProcess.run(
            "secret-tool", ["store", "--label=other", "service", "not-csm-auth", "profile", profile], input: "foreign")
        #expect(stored.status == 0)
        defer { _ = try? ChildProcess.run("secret-tool", ["clear", "service", "not-csm-auth", "profile", profile]) }
        #expect(try await store.load(profile: profile) == nil)
    }

    @Test func foreignNonJSONItemIsReportedCorrupt() async throws {
        let stored = try ChildProcess.run(
            "secret-tool", ["store", "--label=broken", "service", "csm-auth", "profile", profile], input: "not json")
        #expect(stored.status == 0)
        defer { _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", profile]) }
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: profile) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("not json") == false)
    }
}
