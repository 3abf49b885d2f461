import CSMAPI
import CSMAuth
import CSMSandbox
import Foundation
import Testing

/// A tool built on csm-auth, using its public API only: login, tokens, the CSM API, errors
/// and a store of its own, all against an in-process sandbox.
@Suite(.serialized) struct DownstreamTests {
    /// A callback port of this test's own, registered with the sandbox's app.
    let port = Int.random(in: 20000..<32000)
    let home = FileManager.default.temporaryDirectory.appending(path: "csm-auth-downstream-\(UUID())").path

    var callbackURL: String { "http://127.0.0.1:\(port)/callback" }

    func configuration(accessTokenLifetime: TimeInterval = 3600) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [SandboxClient(id: "tool-client", secret: "tool-secret", redirectURIs: [callbackURL])],
            autoApprove: true, accessTokenLifetime: accessTokenLifetime)
    }

    /// The tool's environment: the sandbox's endpoints, its own HOME, no kernel cache.
    func environment(_ sandbox: SandboxServer, customStore: (any CredentialStore)? = nil) -> CSMAuthEnvironment {
        CSMAuthEnvironment(
            variables: [
                "HOME": home, "CSM_AUTH_AUTH_URL": sandbox.baseURL, "CSM_AUTH_API_URL": sandbox.baseURL,
                "CSM_AUTH_CLIENT_ID": "tool-client", "CSM_AUTH_CLIENT_SECRET": "tool-secret",
                "CSM_AUTH_KERNEL_CACHE": "0",
            ],
            toolName: "downstream-tool", customStore: customStore)
    }

    func logIn(_ environment: CSMAuthEnvironment, profile: String, storage: StorageKind) async throws -> LoginOutcome {
        let login = try LoginSettings(environment: environment, profile: profile, storage: storage)
        let browser = TestBrowser()
        let request = try await login.oauthRequest(
            callbackURL: callbackURL, mode: .noBrowser, timeout: .seconds(30), interaction: browser)
        let outcome = try await LoginFlow(environment: environment).run(request, interaction: browser)
        #expect(browser.events.all.contains { if case .waitingForBrowser = $0 { true } else { false } })
        return outcome
    }

    @Test func logsInGetsATokenAndCallsTheAPI() async throws {
        try await withSandbox(configuration()) { sandbox in
            let environment = environment(sandbox)
            let outcome = try await logIn(environment, profile: "work", storage: .file)
            #expect(outcome.site?.id == sandbox.sites[0].cloudID)

            let credential = try await AuthSession(profile: "work", environment: environment).credential()
            #expect(credential.scheme == .bearer)
            #expect(credential.cloudID == sandbox.sites[0].cloudID)

            let client = try CSMClient(profile: "work", environment: environment)
            let response = try await client.send(method: "GET", path: "customer/details")
            #expect(response.status == 200)
            #expect(sandbox.stats.refreshGrants == 0)
        }
    }

    @Test func refreshesAnExpiringToken() async throws {
        try await withSandbox(configuration(accessTokenLifetime: 30)) { sandbox in
            let environment = environment(sandbox)
            _ = try await logIn(environment, profile: "work", storage: .file)
            let session = AuthSession(profile: "work", environment: environment)
            let first = try await session.credential()  // 30 s left is under the minute asked for
            #expect(sandbox.stats.refreshGrants == 1)
            let second = try await session.credential(minimumValidity: 10)
            #expect(second.token == first.token)
            #expect(sandbox.stats.refreshGrants == 1)
        }
    }

    @Test func aCustomStoreHoldsTheLoginEndToEnd() async throws {
        let store = MemoryStore()
        try await withSandbox(configuration()) { sandbox in
            let environment = environment(sandbox, customStore: store)
            _ = try await logIn(environment, profile: "vault", storage: .custom)
            let saved = try await store.load(profile: "vault")
            #expect(saved?.refreshToken != nil)
            #expect(try Profiles(environment: environment).settings("vault")?.storage == .custom)
            let token = try await AuthSession(profile: "vault", environment: environment).accessToken()
            #expect(token == saved?.accessToken)
        }
    }

    @Test func errorsCarryACodeAndNameTheToolsLogin() async throws {
        try await withSandbox(configuration()) { sandbox in
            let environment = environment(sandbox)
            let error = await #expect(throws: CSMAuthError.self) {
                try await AuthSession(profile: "nobody", environment: environment).accessToken()
            }
            #expect(error?.code == .notLoggedIn)
            #expect(error?.category == .loginRequired)
            #expect(error?.loginCommand?.description == "downstream-tool login --profile nobody")
            #expect(error?.message == "profile 'nobody' is not logged in: run `downstream-tool login --profile nobody`")
        }
    }

    @Test func aRevokedLoginIsLoginRevoked() async throws {
        try await withSandbox(configuration(accessTokenLifetime: 30)) { sandbox in
            let environment = environment(sandbox)
            _ = try await logIn(environment, profile: "work", storage: .file)
            sandbox.revokeAllGrants()
            let error = await #expect(throws: CSMAuthError.self) {
                try await AuthSession(profile: "work", environment: environment).refresh()
            }
            #expect(error?.code == .loginRevoked)
        }
    }

    /// Runs one of this package's tools with the environment a login of `environment` left.
    func run(_ tool: String, _ arguments: [String], in environment: CSMAuthEnvironment) throws -> (Int32, String) {
        // The tools are built next to this test binary (`swift build --build-tests`).
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable).deletingLastPathComponent().appending(path: tool)
        process.arguments = arguments
        process.environment = environment.variables
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aTokenOnlyToolAndAnAPIToolShareOneLogin() async throws {
        try await withSandbox(configuration()) { sandbox in
            let environment = environment(sandbox)
            _ = try await logIn(environment, profile: "work", storage: .file)

            let (tokenStatus, header) = try run("token-tool", ["work"], in: environment)
            #expect(tokenStatus == 0)
            #expect(header.hasPrefix("Bearer "))

            let (apiStatus, name) = try run("api-tool", ["1", "work"], in: environment)
            #expect(apiStatus == 0)
            #expect(!name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(name)")

            let (missingStatus, message) = try run("token-tool", ["nobody"], in: environment)
            #expect(missingStatus == 4)
            #expect(
                message == "token-tool: profile 'nobody' is not logged in: run `token-tool login --profile nobody`\n")
        }
    }

    /// The quick start of docs/library.md: it names itself in its hints without being told to.
    @Test func theQuickStartListsCustomersAndNamesItsOwnLogin() async throws {
        try await withSandbox(configuration()) { sandbox in
            let environment = environment(sandbox)
            let (status, message) = try run("my-tool", [], in: environment)
            #expect(status == 1)
            #expect(message == "my-tool: profile 'default' is not logged in: run `my-tool login`\n")

            _ = try await logIn(environment, profile: "default", storage: .file)
            let (listed, customers) = try run("my-tool", [], in: environment)
            #expect(listed == 0, "\(customers)")
            #expect(customers.contains("Alice Zhang"), "\(customers)")
            #expect(!customers.contains("Bob Martin"), "\(customers)")  // Region US
        }
    }
}
