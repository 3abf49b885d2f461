import CSMAuth
import Foundation

// MARK: A credential store of your own

/// Keeps each profile's secrets where the program wants them (here: in memory, as a vault
/// client would); `save` replaces the whole document in one step, as refresh relies on.
final class VaultStore: CredentialStore {
    private let memory = MemoryStore()

    var kind: StorageKind { .custom }
    func probe() async throws {}
    func load(profile: String) async throws -> StoredCredentials? { try await memory.load(profile: profile) }
    func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        try await memory.save(credentials, profile: profile, label: label)
    }
    func delete(profile: String) async throws -> Bool { try await memory.delete(profile: profile) }
}

/// Logs in to the custom store, then gets tokens from it: the settings file says `storage = custom`.
func logInToAVault() async throws {
    let environment = CSMAuthEnvironment(customStore: VaultStore())
    let login = try LoginSettings(environment: environment, profile: "vault", storage: .custom)
    let terminal = TerminalLoginInteraction()
    let request = try await login.oauthRequest(interaction: terminal)
    _ = try await LoginFlow(environment: environment).run(request, interaction: terminal)
    let token = try await AuthSession(profile: "vault", environment: environment).accessToken()
    print(token)  // <redacted>
}
