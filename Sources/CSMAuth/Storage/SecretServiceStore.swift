import CLibSecret
import FoundationEssentials

/// A ``CredentialStore`` in the Secret Service (gnome-keyring, KWallet, KeePassXC) through libsecret.
///
/// One item per profile, with attributes `service=csm-auth` and `profile=NAME`, so any Secret
/// Service client finds it (`secret-tool lookup service csm-auth profile NAME`). The item's
/// secret is the profile's ``StoredCredentials`` JSON; saving replaces it in one call.
///
/// A locked collection and an unreachable service are errors with their own codes
/// (``CredentialStoreError/Code/locked``, ``CredentialStoreError/Code/unavailable``), never
/// "no credentials": telling them apart is what lets a user fix the right thing.
package struct SecretServiceStore: CredentialStore {
    /// The value of the `service` attribute of every item csm-auth writes.
    package static let serviceAttribute = "csm-auth"

    /// The longest wait for the Secret Service to answer one operation. D-Bus's own bound is
    /// 25 s per call, and an operation makes two; a stopped or hung daemon is reported sooner.
    package let timeout: Duration

    /// - Parameter timeout: the longest wait for one operation (default 10 s).
    package init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    /// ``StorageKind/keyring``.
    package var kind: StorageKind { .keyring }

    /// Connects to the Secret Service and checks that the default collection exists and is
    /// unlocked, without ever prompting, so a login fails before the browser opens.
    /// - Throws: ``CredentialStoreError`` (`.locked`) when the collection is locked,
    ///   (`.unavailable`) when libsecret cannot be loaded, there is no default collection, or no
    ///   Secret Service answers within ``timeout``.
    package func probe() async throws {
        try await bounded {
            try SecretServiceConnection.with { try $0.requireUnlockedDefaultCollection() }
        }
    }

    /// The profile's item (attributes `service=csm-auth`, `profile=NAME`); nil when there is none.
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be read,
    ///   (`.corrupt`) when the item's secret is not the JSON of ``StoredCredentials``.
    package func load(profile: String) async throws -> StoredCredentials? {
        try await bounded {
            guard let data = try SecretServiceConnection.with({ try $0.secret(for: Self.attributes(profile)) }) else {
                return nil
            }
            return try StoredCredentials.decoded(from: data, location: "the keyring item of profile '\(profile)'")
        }
    }

    /// Stores the profile's document in its item, replacing the previous one, in the default collection.
    /// - Parameters:
    ///   - credentials: the profile's whole document.
    ///   - profile: the profile's name, the item's `profile` attribute.
    ///   - label: the item's name in keyring browsers (Seahorse, KWalletManager).
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be written.
    package func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        let document = try credentials.encoded()
        try await bounded {
            try SecretServiceConnection.with { connection in
                try connection.requireUnlockedDefaultCollection()
                try connection.store(document, attributes: Self.attributes(profile), label: label)
            }
        }
    }

    /// Removes the profile's item.
    /// - Returns: whether there was one.
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be reached.
    @discardableResult
    package func delete(profile: String) async throws -> Bool {
        try await bounded {
            try SecretServiceConnection.with { try $0.clear(attributes: Self.attributes(profile)) }
        }
    }

    /// Runs one blocking libsecret operation, giving up after ``timeout``.
    ///
    /// - Warning: libsecret cannot be interrupted: after a timeout the call goes on in the
    ///   background until D-Bus gives up on it. Its result, if any, is dropped; a save that
    ///   completes late still replaces the item in one write.
    private func bounded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let timeout = self.timeout
        return try await withDeadline(timeout, body) {
            CredentialStoreError(
                .unavailable,
                "the Secret Service did not answer within \(timeout.components.seconds) s: is the keyring daemon stopped or hung? (CSM_AUTH_KEYRING_TIMEOUT sets the wait)"
            )
        }
    }

    static func attributes(_ profile: String) -> [String: String] {
        ["service": serviceAttribute, "profile": profile]
    }
}
