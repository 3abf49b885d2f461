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
        var variables = ["HOME": folder.path, "CSM_AUTH_CONFIG_DIR": folder.path + "/config", "XDG_DATA_HOME": folder.path + "/data"]
        variables.merge(extra) { _, new in new }
        return CSMAuthEnvironment(variables: variables)
    }

    /// A profile `p` saved by an earlier login of `auth`, with client id `saved-id` and its secret in file storage.
    func savePreviousLogin(auth: ProfileSettings.AuthKind) async throws {
        let environment = environment()
        try await FileStore(paths: environment.paths).save(StoredCredentials(clientSecret: Secret("saved-secret")), profile: "p", label: "t")
        try await Profiles(environment: environment).save(
            ProfileSettings(auth: auth, storage: .file, clientID: "saved-id", scopes: ["saved:scope"], callbackURL: "http://127.0.0.1:9999/cb"),
            as: "p")
    }

    @Test func clientIDComesFromTheFlagThenTheEnvironmentThenTheProfile() async throws {
        try await savePreviousLogin(auth: .oauth)
        let saved = try LoginSettings(environment: environment(), profile: "p", storage: nil)
        #expect(saved.clientID(nil) == "saved-id")
        let variable = try LoginSettings(environment: environment(["CSM_AUTH_CLIENT_ID": "env-id"]), profile: "p", storage: nil)
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

    @Test func secretVariableWinsOverTheSavedSecret() async throws {
        try await savePreviousLogin(auth: .oauth)
        let login = try LoginSettings(environment: environment(["CSM_AUTH_CLIENT_SECRET": "env-secret"]), profile: "p", storage: nil)
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
