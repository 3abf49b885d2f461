import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Who is logged in: `login` names the account `/me` answers, `status` shows it, and a re-login
/// that lands on another account says so loudly.
@Suite(.blocking) struct LoginAccountTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// A browser that consents as `$CONSENT_USER` on the sandbox's consent page (no auto-approve).
    func consentingBrowser() throws -> String {
        try cli.script(
            "browser",
            #"""
            authorize=$(curl -s -o /dev/null -w '%{redirect_url}' "$1")
            consent=$(curl -s "$authorize" | sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p')
            location=$(curl -s -o /dev/null -w '%{redirect_url}' \
                --data "consent=$consent&user=$CONSENT_USER&decision=accept" "${authorize%%/authorize*}/authorize/decision")
            exec curl -s -o /dev/null "$location"
            """#)
    }

    func statusJSON(_ server: SandboxServer) throws -> [String: Any] {
        let status = try cli.run(["status", "--json"], sandbox: server)
        return try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
    }

    func login(as user: SandboxUser, _ server: SandboxServer) throws -> ChildProcess.Result {
        try cli.run(
            ["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server,
            environment: ["CONSENT_USER": user.email])
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: false)
    }

    @Test func loginSaysWhoIsLoggedIn() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try consentingBrowser()
            let login = try login(as: .agent, server)
            #expect(login.status == 0, "\(login.stderr)")
            let site = try #require(server.sites.first)
            let host = site.url.replacingOccurrences(of: "http://", with: "")
            #expect(
                login.stderr.contains(
                    "Logged in as Avery Agent <agent@sandbox.example> to \(host) (cloudId \(site.cloudID))"))
            #expect(!login.stderr.contains("WARNING"))

            let account = try #require(try statusJSON(server)["account"] as? [String: String])
            #expect(
                account == [
                    "accountId": SandboxUser.agent.accountID, "email": "agent@sandbox.example", "name": "Avery Agent",
                ])
            let status = try cli.run(["status"], sandbox: server)
            #expect(status.stdout.contains("account: Avery Agent <agent@sandbox.example>"))
            // Not a secret, but personal: in the settings file, and in no command line.
            let settings = try String(contentsOfFile: cli.folder.path + "/config/config", encoding: .utf8)
            #expect(settings.contains("account_id = \(SandboxUser.agent.accountID)"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aLoginWithoutReadMeStillSucceedsWithoutNamingTheAccount() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try consentingBrowser()
            let login = try cli.run(
                [
                    "login", "--scope", "read:customer:jira-service-management", "--callback-url", cli.callbackURL,
                    "--timeout", "30",
                ],
                sandbox: server, environment: ["CONSENT_USER": SandboxUser.agent.email])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("Logged in to "))
            #expect(!login.stderr.contains("Avery"))
            #expect(try statusJSON(server)["account"] is NSNull)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aReLoginAsAnotherAccountWarns() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try consentingBrowser()
            let first = try login(as: .agent, server)
            #expect(first.status == 0, "\(first.stderr)")
            let again = try login(as: .agent, server)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(!again.stderr.contains("WARNING"))

            let other = try login(as: .serviceDeskAdministrator, server)
            #expect(other.status == 0, "\(other.stderr)")
            let warning = try #require(other.stderr.split(separator: "\n").first { $0.hasPrefix("WARNING:") })
            #expect(warning.contains("was logged in as Avery Agent <agent@sandbox.example>"))
            #expect(warning.contains("a different Atlassian account, Sam Deskadmin <sdadmin@sandbox.example>"))
            #expect(warning.contains("csm-auth logout --profile \(cli.profile)"))
            let account = try #require(try statusJSON(server)["account"] as? [String: String])
            #expect(account["accountId"] == SandboxUser.serviceDeskAdministrator.accountID)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// A re-login that cannot name its account (here without `read:me`; a failing `/me` is the
    /// same) may be anyone's: the profile's previous account is named, and the doubt said aloud.
    @Test func aReLoginThatCannotNameItsAccountWarns() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try consentingBrowser()
            let first = try login(as: .agent, server)
            #expect(first.status == 0, "\(first.stderr)")
            let unnamed = try cli.run(
                [
                    "login", "--scope", "read:customer:jira-service-management", "--callback-url", cli.callbackURL,
                    "--timeout", "30",
                ],
                sandbox: server, environment: ["CONSENT_USER": SandboxUser.serviceDeskAdministrator.email])
            #expect(unnamed.status == 0, "\(unnamed.stderr)")
            let warning = try #require(unnamed.stderr.split(separator: "\n").first { $0.hasPrefix("WARNING:") })
            #expect(warning.contains("was logged in as Avery Agent <agent@sandbox.example>"))
            #expect(warning.contains("did not say which account this login belongs to"))
            #expect(warning.contains("csm-auth logout --profile \(cli.profile)"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountStatusNamesItsAccountID() async throws {
        let robot = SandboxServiceAccount(id: "ci-bot", secret: "ci-bot-secret-\(UUID().uuidString)")
        try await withSandbox(SandboxConfiguration(serviceAccounts: [robot])) { server in
            let login = try cli.serviceAccountLogin(robot, server)
            #expect(login.status == 0, "\(login.stderr)")
            let account = try #require(try statusJSON(server)["account"] as? [String: String])
            #expect(account["accountId"] == robot.user.accountID)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aBasicLoginStatusNamesItsEmail() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let login = try cli.run(
                ["login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email],
                sandbox: server, input: SandboxUser.agent.apiToken + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            let account = try #require(try statusJSON(server)["account"] as? [String: Any])
            #expect(account["email"] as? String == SandboxUser.agent.email)
            #expect(account["accountId"] is NSNull)
            #expect(try cli.run(["status"], sandbox: server).stdout.contains("account: \(SandboxUser.agent.email)"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
