import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Logins Atlassian no longer accepts: a refused service account stops at once, a refused
/// `CSM_AUTH_TOKEN` is named, and `status --check` asks Atlassian whatever the local state says.
@Suite(.blocking) struct RefusedLoginTests {
    let cli: CLIHarness
    let account = SandboxServiceAccount(id: "refused-bot", secret: "refused-bot-secret-\(UUID().uuidString)")

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox() -> SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, serviceAccounts: [account])
    }

    func loginServiceAccount(_ server: SandboxServer) throws {
        let login = try cli.serviceAccountLogin(account, server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    func loginBrowser(_ server: SandboxServer) throws {
        let login = try cli.browserLogin(server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    func storedDocument() throws -> String {
        try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).stdout
    }

    /// Every command that hands out the stored token, and `status`, exit 4 naming the login to run.
    func expectEveryCommandRefuses(_ server: SandboxServer) throws {
        for command in [["token"], ["header"], ["env"], ["exec", "--", "true"], ["status"]] {
            let result = try cli.run(command, sandbox: server)
            #expect(result.status == 4, "\(command): \(result.stderr)\(result.stdout)")
            #expect(
                (result.stderr + result.stdout).contains("csm-auth login --client-credentials"),
                "\(command): \(result.stderr)\(result.stdout)")
            if command != ["status"] { #expect(result.stdout.isEmpty, "\(command)") }
        }
    }

    @Test func aRefusedServiceAccountGetsNoStoredToken() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            // The stored token is valid for an hour and in the kernel cache.
            #expect(try cli.run(["token"], sandbox: server).status == 0)
            server.revokeServiceAccount(id: account.id)
            let refresh = try cli.run(["refresh"], sandbox: server)
            #expect(refresh.status == 4, "\(refresh.stderr)")
            try expectEveryCommandRefuses(server)
            // The secret is kept (only a new login replaces it), the refused token is not.
            let document = try storedDocument()
            #expect(document.contains(account.secret))
            #expect(!document.contains("accessToken"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountRefusedDuringStatusCheckStopsAtOnce() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            #expect(try cli.run(["token"], sandbox: server).status == 0)
            server.revokeServiceAccount(id: account.id)
            let check = try cli.run(["status", "--check"], sandbox: server)
            #expect(check.status == 4, "\(check.stdout)\(check.stderr)")
            try expectEveryCommandRefuses(server)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountRefusedDuringAnAPICallStopsAtOnce() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            #expect(try cli.run(["token"], sandbox: server).status == 0)
            server.revokeServiceAccount(id: account.id)
            // The revoked account's token gets 401; the one new token asked for is refused.
            let api = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(api.status == 4, "\(api.stderr)")
            try expectEveryCommandRefuses(server)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func aServiceAccountLogsInAgainAfterARefusal() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            server.revokeServiceAccount(id: account.id)
            #expect(try cli.run(["refresh"], sandbox: server).status == 4)
            server.addServiceAccount(account)
            try loginServiceAccount(server)
            #expect(try cli.run(["token"], sandbox: server).status == 0)
            #expect(try cli.run(["status"], sandbox: server).status == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusCheckExitsFourAfterARevokedGrant() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            server.resetStats()
            // Plain status stays local: no request at all.
            let plain = try cli.run(["status"], sandbox: server)
            #expect(plain.status == 0, "\(plain.stderr)")
            let stats = server.stats
            #expect(
                stats.accessibleResources + stats.apiRequests + stats.refreshGrants + stats.tokenErrors
                    + stats.tenantInfo + stats.clientCredentialsGrants == 0)
            server.revokeAllGrants()
            // Locally the access token is valid for an hour; Atlassian says otherwise.
            #expect(try cli.run(["status"], sandbox: server).status == 0)
            let check = try cli.run(["status", "--check", "--json"], sandbox: server)
            #expect(check.status == 4, "\(check.stdout)\(check.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            #expect(object["check"] as? String == "refused")
            #expect(object["loggedIn"] as? Bool == false)
            #expect(server.stats.accessibleResources == 1)
            #expect(server.stats.tokenErrors == 1, "one refresh on 401")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusCheckPassesOnAWorkingLogin() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            let check = try cli.run(["status", "--check", "--json"], sandbox: server)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            #expect(object["check"] as? String == "ok")
            let human = try cli.run(["status", "--check"], sandbox: server)
            #expect(human.stdout.contains("check: Atlassian accepts the login"), "\(human.stdout)")
            let plain = try cli.run(["status", "--json"], sandbox: server)
            let plainObject = try #require(
                try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
            #expect(plainObject["check"] is NSNull)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusCheckExitsOneWhenAtlassianCannotBeReached() async throws {
        let server = try await SandboxServer.start(sandbox())
        try loginBrowser(server)
        try await server.stop()
        let check = try cli.run(["status", "--check"], sandbox: server)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("check:"), "\(check.stdout)")
        _ = try cli.run(["logout"], sandbox: server)
    }

    @Test func aRefusedEnvironmentTokenIsNamed() async throws {
        try await withSandbox(sandbox()) { server in
            let environment = ["CSM_AUTH_TOKEN": "stale-token", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID]
            let api = try cli.run(["api", "organization/1"], sandbox: server, environment: environment)
            #expect(api.status == 1)
            #expect(api.stderr.contains("the token in CSM_AUTH_TOKEN was refused"), "\(api.stderr)")
            #expect(api.stderr.contains("never refreshed"))
            #expect(!api.stderr.contains("stale-token"))
            let check = try cli.run(["status", "--check"], sandbox: server, environment: environment)
            #expect(check.status == 4, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("the token in CSM_AUTH_TOKEN was refused"), "\(check.stdout)")
        }
    }
}
