import CSMAPI
import CSMAuth
import CSMSandbox
import Foundation
import Testing

// The examples of CSMSandbox's article "Testing with the sandbox" and of its landing page
// (Sources/CSMSandbox/CSMSandbox.docc), run here so that they cannot rot: scripts/check-examples
// fails when a snippet there is not copied from this file.

/// Plays the browser: `SandboxBrowser` follows the sandbox's approving redirect to the login's listener.
struct AutoApprovingBrowser: LoginInteraction {
    func show(_ event: LoginEvent) {}

    func openBrowser(_ url: URL) -> Bool {
        Task { try await SandboxBrowser().open(url) }  // in the background: the login waits for it
        return true
    }

    func readPastedURL() async throws -> String { throw CSMAuthError(.invalidInput, "no paste in tests") }
    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? { sites.first }
}

@Suite struct TestingWithTheSandboxTests {
    /// A callback port of this test's own, so that logins running at the same time do not collide.
    let port = Int.random(in: 20000..<32000)
    var callbackURL: String { "http://127.0.0.1:\(port)/callback" }

    /// The sandbox as both Atlassian endpoints; settings, credential files and locks under a fresh HOME.
    func environment(for sandbox: SandboxServer) -> CSMAuthEnvironment {
        CSMAuthEnvironment(variables: [
            "HOME": FileManager.default.temporaryDirectory.appending(path: "csm-auth-\(UUID())").path,
            "CSM_AUTH_AUTH_URL": sandbox.baseURL,
            "CSM_AUTH_API_URL": sandbox.baseURL,
            "CSM_AUTH_KERNEL_CACHE": "0",  // keep tokens out of the user's kernel keyring
        ])
    }

    @Test func servesTheDefaultSite() async throws {
        try await withSandbox { sandbox in
            #expect(sandbox.baseURL.hasPrefix("http://127.0.0.1:"))
            #expect(sandbox.sites[0].cloudID == "11111111-1111-4111-8111-000000000001")
        }
    }

    @Test func mintsTokensWithoutABrowser() async throws {
        try await withSandbox(SandboxConfiguration(accessTokenLifetime: 30)) { sandbox in
            // sandbox.baseURL is both the authorization server and the API gateway.
            let tokens = try sandbox.issueTokens(for: SandboxUser.agent.email)
            #expect(tokens.expiresIn == 30)
            #expect(tokens.refreshToken != nil)  // the default client's scopes include offline_access
            #expect(sandbox.stats == SandboxStats())  // minted without a request
        }
    }

    @Test func logsInAndRefreshes() async throws {
        let app = SandboxClient(id: "my-tool", secret: "my-tool-secret", redirectURIs: [callbackURL])
        try await withSandbox(SandboxConfiguration(clients: [app], autoApprove: true, accessTokenLifetime: 30)) {
            sandbox in
            let environment = environment(for: sandbox)
            let request = LoginRequest(
                profile: "test",
                client: ClientCredentials(id: app.id, secret: Secret(app.secret)),
                scopes: ["read:organization:jira-service-management"],
                callbackURL: URL(string: callbackURL)!,
                timeout: .seconds(10),
                storage: .file)
            let outcome = try await LoginFlow(environment: environment).run(
                request, interaction: AutoApprovingBrowser())
            #expect(outcome.site?.id == sandbox.sites[0].cloudID)
            #expect(sandbox.stats.authorizationCodeGrants == 1)

            let session = AuthSession(profile: "test", environment: environment)
            let credential = try await session.credential()  // the 30 s token expires within 60 s: refreshed
            #expect(sandbox.stats.refreshGrants == 1)
            #expect(credential.csmBaseURL?.absoluteString == sandbox.apiBaseURL())
        }
    }

    @Test func refreshesWithoutABrowser() async throws {
        try await withSandbox(SandboxConfiguration(accessTokenLifetime: 30)) { sandbox in
            let client = CSMClient(source: .session(try await agentSession(sandbox)))
            let response = try await client.send(method: "GET", path: "organization/1")
            #expect(response.status == 200)
            #expect(sandbox.stats.refreshGrants == 1)  // the 30 s token was refreshed first
        }
    }

    /// A profile logged in as the agent, its tokens minted by the sandbox and kept in memory.
    private func agentSession(_ sandbox: SandboxServer) async throws -> AuthSession {
        let environment = environment(for: sandbox)
        let tokens = try sandbox.issueTokens(for: SandboxUser.agent.email)
        let store = MemoryStore()
        try await store.save(
            StoredCredentials(
                clientSecret: Secret(SandboxClient.default.secret), accessToken: Secret(tokens.accessToken),
                accessTokenExpiresAt: Date().addingTimeInterval(TimeInterval(tokens.expiresIn)),
                refreshToken: tokens.refreshToken.map(Secret.init)),
            profile: "agent", label: "test")
        try await Profiles(environment: environment).save(
            ProfileSettings(clientID: SandboxClient.default.id, cloudID: sandbox.sites[0].cloudID), as: "agent")
        return AuthSession(profile: "agent", environment: environment, store: store)
    }

    @Test func countsWhatTheClientDid() async throws {
        try await withSandbox { sandbox in
            let session = try await agentSession(sandbox)
            sandbox.resetStats()
            _ = try await session.credential()  // a token that is still valid
            #expect(sandbox.stats == SandboxStats())  // answered from the store: no request
        }
    }

    @Test func retriesARateLimitedRequest() async throws {
        try await withSandbox { sandbox in
            let client = CSMClient(source: .session(try await agentSession(sandbox)))
            // The next CSM API request answers 429 with Retry-After: 1, as Atlassian's rate limiter does;
            // CSMClient waits and retries, so the call still succeeds, after two requests.
            sandbox.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 1)))
            let response = try await client.send(method: "GET", path: "organization/1")
            #expect(response.status == 200)
            #expect(sandbox.stats.apiRequests == 2)
        }
    }

    @Test func faultsReplaceEachOther() async throws {
        try await withSandbox { sandbox in
            // The next two CSM API requests answer 503 Service Unavailable.
            sandbox.setFaults(SandboxFaults(serviceUnavailable: .init(count: 2)))

            // Every token request answers 500, or a 200 HTML page as a captive portal would.
            sandbox.setFaults(SandboxFaults(tokenEndpoint: .serverError))
            sandbox.setFaults(SandboxFaults(tokenEndpoint: .html))

            // A refresh succeeds (the refresh token rotates) but its answer is lost on the way.
            sandbox.setFaults(SandboxFaults(tokenEndpoint: .dropAfterRefresh))

            // Every answer, except those of the /_sandbox/ control endpoints, comes 2 seconds late.
            sandbox.setFaults(SandboxFaults(delay: 2))
            #expect(sandbox.faults == SandboxFaults(delay: 2))
            sandbox.setFaults(.none)
        }
    }

    @Test func aRevokedLoginNeedsANewLogin() async throws {
        try await withSandbox { sandbox in
            let client = CSMClient(source: .session(try await agentSession(sandbox)))
            sandbox.revokeAllGrants()
            let error = await #expect(throws: CSMAuthError.self) {
                _ = try await client.send(method: "GET", path: "organization/1")
            }
            #expect(error?.code == .loginRevoked)
            #expect(sandbox.stats.apiRequests == 1)
            #expect(sandbox.stats.refreshGrants == 1)
        }
    }
}
