import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `login --scopes SET,…`: scope sets by name on the command line, combined with `--scope`, and
/// the sets `status` says the granted scopes cover.
@Suite(.blocking) struct ScopeSetLoginTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox() -> SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    /// The read scopes of the CSM calls, as `csm-read` names them.
    static let csmRead = [
        "read:customer:jira-service-management", "read:customer.detail:jira-service-management",
        "read:customer.detail-field:jira-service-management", "read:customer.profile:jira-service-management",
        "read:organization:jira-service-management", "read:organization.detail:jira-service-management",
        "read:organization.detail-field:jira-service-management",
        "read:organization.profile:jira-service-management", "read:product:jira-service-management",
        "read:entitlement:jira-service-management", "read:entitlement.detail-field:jira-service-management",
        "read:helpcenter:jira-service-management", "read:task:jira-service-management",
    ]

    @Test func anUnknownScopeSetIsAUsageError() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try cli.run(
                ["login", "--paste", "--scopes", "csm,jira"], sandbox: server, input: "")
            #expect(login.status == 64)
            #expect(
                login.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "csm-auth: unknown scope set 'jira': the sets are csm, csm-read, jira-read, jira-write, jsm, me")
            #expect(server.stats == SandboxStats())
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }

    @Test func aBasicLoginTakesNoScopeSets() throws {
        let login = try cli.run(
            [
                "login", "--basic", "--site", "https://acme.atlassian.net", "--email", "a@example.com", "--scopes",
                "csm",
            ],
            input: "token\n")
        #expect(login.status == 64)
        #expect(login.stderr.contains("--basic takes no client id, client secret or scopes"))
    }

    @Test func scopeSetsAndSingleScopesCombineInTheAuthorizationURL() async throws {
        try await withSandbox(sandbox()) { server in
            let login = try cli.run(
                ["login", "--paste", "--scopes", "csm-read", "--scope", "read:jira-work", "--scopes", "me"],
                sandbox: server, input: "")
            let line = try #require(login.stderr.split(separator: "\n").first { $0.contains("/authorize?") })
            let url = try #require(URLComponents(string: String(line[line.range(of: "http")!.lowerBound...])))
            let scope = try #require(url.queryItems?.first { $0.name == "scope" }?.value)
            #expect(
                scope.split(separator: " ").map(String.init)
                    == Self.csmRead + ["read:me", "read:jira-work", "offline_access"])
        }
    }

    @Test func statusNamesTheScopeSetsTheLoginCovers() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            let login = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--timeout", "30", "--scopes", "csm-read,me"],
                sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            let json = try cli.run(["status", "--json"], sandbox: server)
            let status = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(status["scopeSets"] as? [String] == ["csm-read", "me"])
            let human = try cli.run(["status"], sandbox: server)
            #expect(human.stdout.contains("\n  scope sets: csm-read, me\n"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountLogsInWithScopeSets() async throws {
        let account = SandboxServiceAccount(id: "sets-bot", secret: "sets-bot-secret-\(UUID().uuidString)")
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let login = try cli.serviceAccountLogin(account, server, ["--scopes", "csm-read"])
            #expect(login.status == 0, "\(login.stderr)")
            let json = try cli.run(["status", "--json"], sandbox: server)
            let status = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(status["scopes"] as? [String] == Self.csmRead)
            #expect(status["scopeSets"] as? [String] == ["csm-read"])
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
