import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// How a login finds its client id, secret, callback URL, scopes and store: flag, environment, saved profile.
@Suite struct LoginSettingsTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    func environment(_ extra: [String: String] = [:]) -> CSMAuthEnvironment {
        var variables = [
            "HOME": folder.path, "CSM_AUTH_CONFIG_DIR": folder.path + "/config", "XDG_DATA_HOME": folder.path + "/data",
        ]
        variables.merge(extra) { _, new in new }
        return CSMAuthEnvironment(variables: variables)
    }

    /// A profile `p` saved by an earlier login of `auth`, with client id `saved-id` and its secret in file storage.
    func savePreviousLogin(auth: ProfileSettings.AuthKind) async throws {
        let environment = environment()
        try await FileStore(paths: environment.paths).save(
            StoredCredentials(clientSecret: Secret("saved-secret")), profile: "p", label: "t")
        try await Profiles(environment: environment).save(
            ProfileSettings(
                auth: auth, storage: .file, clientID: "saved-id", scopes: ["saved:scope"],
                callbackURL: "http://127.0.0.1:9999/cb"),
            as: "p")
    }

    @Test func clientIDComesFromTheFlagThenTheEnvironmentThenTheProfile() async throws {
        try await savePreviousLogin(auth: .oauth)
        let saved = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        #expect(saved.clientID(nil) == "saved-id")
        let variable = try LoginSettings(
            environment: environment(["CSM_AUTH_CLIENT_ID": "env-id"]), profile: "p", storage: nil)
        #expect(variable.clientID(nil) == "env-id")
        #expect(variable.clientID("flag-id") == "flag-id")
        #expect(try LoginSettings(environment: environment(), profile: "new", storage: nil).clientID(nil) == nil)
    }

    @Test func savedSecretIsReusedOnlyForTheSameClientAndKindOfLogin() async throws {
        try await savePreviousLogin(auth: .oauth)
        let login = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        #expect(try await login.knownClientSecret(for: "saved-id", auth: .oauth)?.reveal() == "saved-secret")
        #expect(try await login.knownClientSecret(for: "another-id", auth: .oauth) == nil)
        #expect(try await login.knownClientSecret(for: "saved-id", auth: .clientCredentials) == nil)
    }

    @Test func aMissingClientIDSaysWhereOneComesFrom() throws {
        let login = try LoginSettings(environment: environment(), profile: "new", storage: nil)
        let oauth = #expect(throws: CSMAuthError.self) { try login.requiredClientID(nil, for: .oauth) }
        #expect(oauth?.code == .missingLoginInput)
        #expect(oauth?.category == .usage)
        #expect(oauth?.message.contains("developer console") == true)
        let service = #expect(throws: CSMAuthError.self) { try login.requiredClientID(nil, for: .clientCredentials) }
        #expect(service?.message.contains("service account") == true)
        #expect(try login.requiredClientID("flag-id", for: .oauth) == "flag-id")
    }

    @Test func aGivenSecretWinsThenTheKnownOneThenTheInteraction() async throws {
        try await savePreviousLogin(auth: .oauth)
        let login = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        let asker = SecretAsker(answer: Secret("typed"))
        #expect(
            try await login.clientSecret(given: Secret("given"), clientID: "saved-id", auth: .oauth, interaction: asker)
                .reveal() == "given")
        #expect(
            try await login.clientSecret(given: nil, clientID: "saved-id", auth: .oauth, interaction: asker).reveal()
                == "saved-secret")
        #expect(asker.prompts.isEmpty)
        #expect(
            try await login.clientSecret(given: nil, clientID: "other-id", auth: .oauth, interaction: asker).reveal()
                == "typed")
        #expect(asker.prompts == ["Client secret: "])
    }

    @Test func noSecretFromAnywhereIsAMissingInput() async throws {
        let login = try LoginSettings(environment: environment(), profile: "new", storage: .file)
        let error = await #expect(throws: CSMAuthError.self) {
            try await login.clientSecret(
                given: nil, clientID: "id", auth: .oauth, interaction: SecretAsker(answer: nil))
        }
        #expect(error?.code == .missingLoginInput)
    }

    @Test func anUnusableStoreFailsBeforeTheSecretIsAskedFor() async throws {
        // `.custom` without a store of the program's: the store check fails, and nobody is asked to type.
        let login = try LoginSettings(environment: environment(), profile: "new", storage: .custom)
        let asker = SecretAsker(answer: Secret("typed"))
        await #expect(throws: CredentialStoreError.self) {
            try await login.clientSecret(given: nil, clientID: "id", auth: .oauth, interaction: asker)
        }
        #expect(asker.prompts.isEmpty)
    }

    @Test func anOAuthRequestIsBuiltFromFlagsAndTheSavedProfile() async throws {
        try await savePreviousLogin(auth: .oauth)
        let login = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        let request = try await login.oauthRequest(
            site: "acme", mode: .paste, timeout: .seconds(9), interaction: SecretAsker(answer: nil))
        #expect(request.profile == "p")
        #expect(request.client.id == "saved-id")
        #expect(request.client.secret.reveal() == "saved-secret")
        #expect(request.scopes == ["saved:scope"])
        #expect(request.callbackURL.absoluteString == "http://127.0.0.1:9999/cb")
        #expect(request.site == "acme")
        #expect(request.mode == .paste)
        #expect(request.timeout == .seconds(9))
        #expect(request.storage == .file)
    }

    @Test func secretVariableWinsOverTheSavedSecret() async throws {
        try await savePreviousLogin(auth: .oauth)
        let login = try LoginSettings(
            environment: environment(["CSM_AUTH_CLIENT_SECRET": "env-secret"]), profile: "p", storage: nil)
        #expect(try await login.knownClientSecret(for: "saved-id", auth: .oauth)?.reveal() == "env-secret")
    }

    @Test func callbackURLAndScopesFallBackToTheProfileThenTheDefaults() async throws {
        try await savePreviousLogin(auth: .oauth)
        let saved = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        #expect(try saved.callbackURL(nil, port: nil).absoluteString == "http://127.0.0.1:9999/cb")
        #expect(try saved.callbackURL(nil, port: 8001).absoluteString == "http://localhost:8001/callback")
        #expect(saved.scopes([]) == ["saved:scope"])
        #expect(saved.scopes(["flag:scope"]) == ["flag:scope"])
        #expect(saved.storage == .file)
        let fresh = try LoginSettings(environment: environment(), profile: "new", storage: nil)
        #expect(try fresh.callbackURL(nil, port: nil).absoluteString == LoginRequest.defaultCallbackURL)
        #expect(fresh.scopes([]) == LoginSettings.defaultScopes)
        #expect(fresh.storage == .keyring)
    }

    @Test func invalidCallbackURLIsAUsageError() throws {
        let login = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        let error = #expect(throws: CSMAuthError.self) { try login.callbackURL("http://[::1", port: nil) }
        #expect(error?.category == .usage)
    }
}

/// An interaction that only answers the secret prompt, and records the prompts it was shown.
final class SecretAsker: LoginInteraction, @unchecked Sendable {
    // @unchecked: `asked` is only touched under `lock`.
    private let lock = NSLock()
    private var asked: [String] = []
    let answer: Secret?

    init(answer: Secret?) {
        self.answer = answer
    }

    var prompts: [String] { lock.withLock { asked } }

    func show(_ event: LoginEvent) {}
    func openBrowser(_ url: URL) -> Bool { false }
    func readPastedURL() async throws -> String { throw CSMAuthError(.invalidInput, "no paste here") }
    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? { nil }

    func readSecret(prompt: String) async throws -> Secret? {
        lock.withLock { asked.append(prompt) }
        return answer
    }
}
