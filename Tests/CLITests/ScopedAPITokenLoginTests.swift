import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `login --basic` checks the token through the gateway, where API tokens with scopes (the only
/// kind a service account can create) work as unscoped ones do.
@Suite(.blocking) struct ScopedAPITokenLoginTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func login(_ server: SandboxServer, email: String, token: String) throws -> ChildProcess.Result {
        try cli.run(
            ["login", "--basic", "--site", server.sites[0].url, "--email", email], sandbox: server, input: token + "\n")
    }

    func storedDocument() throws -> String {
        try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).stdout
    }

    @Test func aScopedAPITokenLogsIn() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let token = try #require(server.createScopedAPIToken(email: SandboxUser.agent.email))
            let login = try login(server, email: SandboxUser.agent.email, token: token)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try storedDocument().contains(token))
            let api = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(api.status == 0, "\(api.stderr)")
            let check = try cli.run(["status", "--check"], sandbox: server)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountsScopedAPITokenLogsIn() async throws {
        let account = SandboxServiceAccount(id: "token-bot", secret: "token-bot-secret")
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let token = try #require(server.createScopedAPIToken(email: account.user.email))
            let login = try login(server, email: account.user.email, token: token)
            #expect(login.status == 0, "\(login.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func anUnscopedAPITokenStillLogsIn() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let login = try login(server, email: SandboxUser.agent.email, token: SandboxUser.agent.apiToken)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(server.stats.apiRequests == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// A token scoped to the CSM API alone cannot read `myself`, but the gateway's "scope does
    /// not match" says it knows the token: the login (and `status --check`) accept it.
    @Test func aScopedAPITokenWithoutTheJiraUserScopeLogsIn() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let token = try #require(
                server.createScopedAPIToken(
                    email: SandboxUser.agent.email, scopes: ["read:organization:jira-service-management"]))
            let login = try login(server, email: SandboxUser.agent.email, token: token)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try cli.run(["api", "organization/1"], sandbox: server).status == 0)
            let check = try cli.run(["status", "--check"], sandbox: server)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aWrongAPITokenIsRefusedAndStoresNothing() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            _ = try #require(server.createScopedAPIToken(email: SandboxUser.agent.email))
            let login = try login(server, email: SandboxUser.agent.email, token: "scoped-not-the-token")
            #expect(login.status == 1)
            #expect(login.stderr.contains("this email and API token were refused"), "\(login.stderr)")
            #expect(!login.stderr.contains("scoped-not-the-token"))
            #expect(try storedDocument().isEmpty)
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }
}
