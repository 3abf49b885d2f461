import CSMSandbox
import Foundation
import Logging
import TestSupport
import Testing

@testable import CSMAuth

/// The refresh algorithm in process: an in-process sandbox, the real keyring, a real lock file.
@Suite struct AuthSessionTests {
    let folder: TemporaryFolder
    let profile = "session-\(UUID().uuidString.prefix(8).lowercased())"
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    init() throws {
        folder = try TemporaryFolder()
    }

    func environment() -> CSMAuthEnvironment {
        var variables = ProcessInfo.processInfo.environment.filter {
            $0.key == "DBUS_SESSION_BUS_ADDRESS" || $0.key == "PATH"
        }
        variables["HOME"] = folder.path
        variables["CSM_AUTH_CONFIG_DIR"] = folder.path + "/config"
        variables["XDG_RUNTIME_DIR"] = folder.path + "/runtime"
        return CSMAuthEnvironment(variables: variables, toolName: "csm-auth")
    }

    /// A profile logged in as if by `csm-auth login`, its tokens minted by the sandbox.
    func seedProfile(_ server: SandboxServer, store: any CredentialStore = SecretServiceStore()) async throws
        -> CSMAuthEnvironment
    {
        let environment = environment()
        let tokens = try server.issueTokens()
        let now = Date()
        try await store.save(
            StoredCredentials(
                clientSecret: Secret(SandboxClient.default.secret), accessToken: Secret(tokens.accessToken),
                accessTokenExpiresAt: now.addingTimeInterval(TimeInterval(tokens.expiresIn)),
                refreshToken: tokens.refreshToken.map(Secret.init), refreshTokenFamilyStartedAt: now,
                refreshTokenRotatedAt: now),
            profile: profile, label: "test")
        try await Profiles(environment: environment).save(
            ProfileSettings(
                clientID: SandboxClient.default.id, cloudID: server.sites[0].cloudID, authURL: server.baseURL,
                apiURL: server.baseURL),
            as: profile)
        return environment
    }

    func session(_ environment: CSMAuthEnvironment, store: (any CredentialStore)? = nil) -> AuthSession {
        AuthSession(
            profile: profile, environment: environment, transport: CurlTransport(), logger: logger, store: store)
    }

    @Test func concurrentCallersInOneProcessShareOneRefresh() async throws {
        try await withSandbox(SandboxConfiguration(accessTokenLifetime: 30)) { server in
            let environment = try await seedProfile(server)
            defer { _ = try? ChildProcess.run("secret-tool", ["clear", "service", "csm-auth", "profile", profile]) }
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            let session = session(environment)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await session.accessToken().reveal() } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(server.stats.refreshGrants == 1)
        }
    }

    @Test func refreshStoresTheRotatedTokenAndTheNextRefreshUsesIt() async throws {
        try await withSandbox(SandboxConfiguration(accessTokenLifetime: 30, reuseInterval: 0)) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            let session = session(environment, store: store)
            let before = try await store.load(profile: profile)
            let first = try await session.accessToken()
            let afterFirst = try await store.load(profile: profile)
            #expect(afterFirst?.refreshToken != before?.refreshToken)
            #expect(afterFirst?.accessToken == first)
            #expect(afterFirst?.refreshTokenFamilyStartedAt == before?.refreshTokenFamilyStartedAt)
            // Reuse interval 0: this succeeds only with the rotated token.
            let second = try await session.accessToken()
            #expect(second != first)
            #expect(server.stats.refreshGrants == 2)
        }
    }

    @Test func validTokenIsReturnedWithoutNetwork() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            server.resetStats()
            let credential = try await session(environment, store: store).credential()
            #expect(credential.scheme == .bearer)
            #expect(
                credential.csmBaseURL?.absoluteString
                    == "\(server.baseURL)/jsm/csm/cloudid/\(server.sites[0].cloudID)/api/v1")
            #expect(server.stats == SandboxStats())
        }
    }

    @Test func serverFailureWithAStillValidTokenReturnsThatToken() async throws {
        try await withSandbox(SandboxConfiguration(accessTokenLifetime: 30)) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            var faults = server.faults
            faults.tokenEndpoint = .serverError
            server.setFaults(faults)
            let stored = try await store.load(profile: profile)
            #expect(try await session(environment, store: store).accessToken() == stored?.accessToken)
            // A forced refresh has no such excuse.
            let error = await #expect(throws: OAuthError.self) {
                try await session(environment, store: store).refresh()
            }
            #expect(error?.code == .serverError)
        }
    }

    @Test func htmlFromTheTokenEndpointIsABadResponse() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            var faults = server.faults
            faults.tokenEndpoint = .html
            server.setFaults(faults)
            let error = await #expect(throws: OAuthError.self) {
                try await session(environment, store: store).refresh()
            }
            #expect(error?.code == .badResponse)
            #expect(error?.category == .failure)
        }
    }

    @Test func invalidGrantMarksTheLoginDeadAndLaterCallsFailFast() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            server.revokeAllGrants()
            let error = await #expect(throws: CSMAuthError.self) {
                try await session(environment, store: store).refresh()
            }
            #expect(error?.category == .loginRequired)
            #expect(error?.message.contains("csm-auth login --profile \(profile)") == true)
            let stored = try await store.load(profile: profile)
            #expect(stored?.refreshTokenRevoked == true)
            #expect(stored?.accessToken == nil)
            server.resetStats()
            let again = await #expect(throws: CSMAuthError.self) {
                try await session(environment, store: store).accessToken()
            }
            #expect(again?.category == .loginRequired)
            #expect(server.stats == SandboxStats())
        }
    }

    @Test func profileWithoutSettingsIsLoginRequired() async throws {
        let error = await #expect(throws: CSMAuthError.self) {
            try await session(environment(), store: MemoryStore()).accessToken()
        }
        #expect(error?.category == .loginRequired)
    }

    @Test func wrongClientSecretIsReportedAsClientCredentials() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let store = MemoryStore()
            let environment = try await seedProfile(server, store: store)
            var stored = try #require(try await store.load(profile: profile))
            stored.clientSecret = Secret("wrong")
            try await store.save(stored, profile: profile, label: "test")
            let error = await #expect(throws: OAuthError.self) {
                try await session(environment, store: store).refresh()
            }
            #expect(error?.code == .invalidClient)
            #expect(error?.description.contains("client secret") == true)
        }
    }
}
