import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Bots and CI: service-account logins (client credentials), checked API tokens, and
/// `CSM_AUTH_TOKEN` for every command, status included.
@Suite(.blocking) struct ServiceAccountTests {
    let cli: CLIHarness
    let account = SandboxServiceAccount(id: "ci-bot", secret: "ci-bot-secret-\(UUID().uuidString)")

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox(lifetime: TimeInterval = 3600) -> SandboxConfiguration {
        SandboxConfiguration(accessTokenLifetime: lifetime, serviceAccounts: [account])
    }

    /// `login --client-credentials` with the secret on standard input.
    @discardableResult
    func login(_ server: SandboxServer, secret: String? = nil, extra: [String] = []) throws -> ChildProcess.Result {
        try cli.serviceAccountLogin(account, server, extra, secret: secret)
    }

    func storedDocument() throws -> String {
        try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).stdout
    }

    @Test func serviceAccountLogsInAndCallsTheAPIAsItsRole() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try login(server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.isEmpty)
            #expect(server.stats.clientCredentialsGrants == 1)
            #expect(server.stats.tenantInfo == 1)
            let status = try cli.run(["status", "--json"], sandbox: server)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(json["auth"] as? String == "client-credentials")
            #expect(json["cloudId"] as? String == server.sites[0].cloudID)
            #expect(json["loggedIn"] as? Bool == true)
            // The stored token is used as is: no second grant.
            let token = try cli.run(["token"], sandbox: server)
            #expect(token.status == 0)
            #expect(server.stats.clientCredentialsGrants == 1)
            // An agent reads organizations but may neither read nor create customer fields (Administer Jira).
            #expect(try cli.run(["api", "/api/v1/organization/1"], sandbox: server).status == 0)
            #expect(try cli.run(["api", "/api/v1/customer/details"], sandbox: server).status == 1)
            let create = try cli.run(
                ["api", "-X", "POST", "/api/v1/customer/details", "--data", #"{"name":"X","type":"TEXT"}"#],
                sandbox: server)
            #expect(create.status == 1)
            #expect(create.stdout.contains("403") || create.stderr.contains("403"))
            // The secret is stored, never in the settings file.
            #expect(try storedDocument().contains(account.secret))
            #expect(!cli.allFileContents().contains(account.secret))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func serviceAccountStatusNamesTheSiteLikeABrowserLogin() async throws {
        try await withSandbox(sandbox()) { server in
            try #require(try login(server).status == 0)
            let site = server.sites[0]
            let status = try cli.run(["status"], sandbox: server)
            #expect(status.status == 0, "\(status.stderr)")
            #expect(
                status.stdout.contains("  site: \(site.name)  \(site.url)  cloudId \(site.cloudID)\n"),
                "\(status.stdout)")
            let json = try cli.run(["status", "--json"], sandbox: server)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["siteName"] as? String == site.name)
            #expect(object["siteUrl"] as? String == site.url)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func expiringTokenIsMintedAgainUnderTheLockOnceForAStorm() async throws {
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try #require(try login(server).status == 0)
            // The stored token expires within 60 s; new ones will live an hour.
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            let results = try await cli.storm(32, ["token"], sandbox: server)
            #expect(
                results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr).filter { !$0.isEmpty }.first ?? "")")
            #expect(Set(results.map(\.stdout)).count == 1)
            #expect(server.stats.clientCredentialsGrants == 1)
            #expect(server.stats.tokenErrors == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func wrongSecretAtLoginExitsOneAndStoresNothing() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try login(server, secret: "not-the-secret")
            #expect(login.status == 1)
            #expect(login.stderr.contains("credential was refused"))
            #expect(!login.stderr.contains("not-the-secret"))
            #expect(try storedDocument().isEmpty)
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }

    @Test func scopeTheCredentialLacksIsRefusedAtLogin() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try login(server, extra: ["--scope", "manage:jira-configuration"])
            #expect(login.status == 1)
            #expect(login.stderr.contains("invalid_scope"))
            #expect(try storedDocument().isEmpty)
        }
    }

    @Test func revokedCredentialMakesTokenExitFourWithTheCommandToRun() async throws {
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try #require(try login(server).status == 0)
            server.revokeServiceAccount(id: account.id)
            for command in [["token"], ["header"], ["env"], ["exec", "--", "true"]] {
                let result = try cli.run(command, sandbox: server)
                #expect(result.status == 4, "\(command): \(result.stderr)")
                #expect(result.stderr.contains("csm-auth login --client-credentials"), "\(command)")
                #expect(result.stdout.isEmpty)
            }
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func basicLoginWithARefusedTokenStoresNothing() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try cli.run(
                ["login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email],
                sandbox: server,
                input: "not-the-agents-token\n")
            #expect(login.status == 1)
            #expect(login.stderr.contains("this email and API token were refused"))
            #expect(try storedDocument().isEmpty)
            #expect(
                !FileManager.default.fileExists(atPath: cli.folder.path + "/config/config")
                    || !((try? String(contentsOfFile: cli.folder.path + "/config/config", encoding: .utf8)) ?? "")
                        .contains(cli.profile)
            )
        }
    }

    @Test func basicLoginWithAGoodTokenIsChecked() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try cli.run(
                ["login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email],
                sandbox: server,
                input: SandboxUser.agent.apiToken + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(server.stats.apiRequests == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusReportsTheTokenVariableOverride() throws {
        let human = try cli.run(
            ["status"], environment: ["CSM_AUTH_TOKEN": "ci-token", "CSM_AUTH_CLOUD_ID": "cloud-9"])
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("CSM_AUTH_TOKEN is set"))
        #expect(human.stdout.contains("cloud-9"))
        #expect(!human.stdout.contains("ci-token"))
        let json = try cli.run(
            ["status", "--json"], environment: ["CSM_AUTH_TOKEN": "ci-token", "CSM_AUTH_CLOUD_ID": "cloud-9"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["loggedIn"] as? Bool == true)
        #expect(object["auth"] as? String == "token")
        #expect(object["overriddenBy"] as? String == "CSM_AUTH_TOKEN")
        #expect(object["cloudId"] as? String == "cloud-9")
    }
}
