import CSMSandbox
import Foundation
import TestSupport
import Testing

/// token, header, env, exec and refresh end to end: the built binary, the sandbox, the real keyring.
@Suite(.blocking) struct TokenCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox(lifetime: TimeInterval = 3600, reuseInterval: TimeInterval = 600) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: lifetime, reuseInterval: reuseInterval
        )
    }

    func login(_ server: SandboxServer) throws {
        let login = try cli.browserLogin(server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    func storedRefreshToken() throws -> String? {
        let lookup = try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile])
        let document = try JSONSerialization.jsonObject(with: Data(lookup.stdout.utf8)) as? [String: Any]
        return document?["refreshToken"] as? String
    }

    func token(_ server: SandboxServer) throws -> String {
        let result = try cli.run(["token"], sandbox: server)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    @Test func validTokenIsServedWithoutRefreshing() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let first = try token(server)
            #expect(try token(server) == first)
            #expect(server.stats.refreshGrants == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func expiringTokenIsRefreshedAndTheRotationStored() async throws {
        // Reuse interval 0: reusing a rotated refresh token would revoke the login at once,
        // so each success proves the previous rotation was stored and used.
        try await withSandbox(sandbox(lifetime: 30, reuseInterval: 0)) { server in
            try login(server)
            let initialRefresh = try storedRefreshToken()
            let first = try token(server)
            #expect(server.stats.refreshGrants == 1)
            let rotated = try storedRefreshToken()
            #expect(rotated != nil && rotated != initialRefresh)
            let second = try token(server)
            #expect(server.stats.refreshGrants == 2)
            #expect(second != first)
            #expect(try storedRefreshToken() != rotated)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func stormOfProcessesRefreshesExactlyOnce() async throws {
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try login(server)
            // The stored token now expires within 60 s; new ones will live an hour.
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            let results = try await cli.storm(32, ["token"], sandbox: server)
            #expect(
                results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr).filter { !$0.isEmpty }.first ?? "")")
            #expect(Set(results.map(\.stdout)).count == 1)
            #expect(server.stats.refreshGrants == 1)
            #expect(server.stats.tokenErrors == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func revokedLoginIsExitFourAndFailsFast() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            server.revokeAllGrants()
            let refresh = try cli.run(["refresh"], sandbox: server)
            #expect(refresh.status == 4)
            #expect(refresh.stderr.contains("csm-auth login --profile \(cli.profile)"))
            let attempts = server.stats.refreshGrants + server.stats.tokenErrors
            let token = try cli.run(["token"], sandbox: server)
            #expect(token.status == 4)
            #expect(token.stdout.isEmpty)
            #expect(server.stats.refreshGrants + server.stats.tokenErrors == attempts, "no second refresh attempt")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func killedRefreshIsRecoveredWithinTheReuseInterval() async throws {
        try await withSandbox(sandbox(lifetime: 30)) { server in
            try login(server)
            var faults = server.faults
            faults.delay = 2
            server.setFaults(faults)
            // The server rotates at once but answers late; the client dies before it can store.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIHarness.csmAuth)
            process.arguments = ["refresh"]
            process.environment = cli.environment(sandbox: server)
            process.standardError = FileHandle.nullDevice
            try process.run()
            while server.stats.refreshGrants == 0 { try await Task.sleep(for: .milliseconds(20)) }
            kill(process.processIdentifier, SIGKILL)
            server.setFaults(.none)
            let afterCrash = try cli.run(["refresh"], sandbox: server)
            #expect(afterCrash.status == 0, "\(afterCrash.stderr)")
            let chainContinues = try cli.run(["refresh"], sandbox: server)
            #expect(chainContinues.status == 0, "\(chainContinues.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func headerEnvAndExecCarryTheToken() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let accessToken = try token(server)
            let cloudID = server.sites[0].cloudID

            let header = try cli.run(["header"], sandbox: server)
            #expect(header.stdout == "Authorization: Bearer \(accessToken)\n")

            let shell = try ChildProcess.run(
                "sh",
                [
                    "-c",
                    #"eval "$("$0" env)" && printf '%s|%s|%s' "$CSM_CLOUD_ID" "$CSM_API_BASE_URL" "$CSM_AUTHORIZATION""#,
                    CLIHarness.csmAuth,
                ],
                environment: cli.environment(sandbox: server))
            #expect(
                shell.stdout == "\(cloudID)|\(server.baseURL)/jsm/csm/cloudid/\(cloudID)/api/v1|Bearer \(accessToken)")

            let json = try cli.run(["env", "--format", "json"], sandbox: server)
            let variables = try #require(
                JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String])
            #expect(variables["CSM_ACCESS_TOKEN"] == accessToken)

            let dotenv = try cli.run(["env", "--format", "dotenv"], sandbox: server)
            #expect(dotenv.stdout.contains("CSM_CLOUD_ID='\(cloudID)'"))

            let exec = try cli.run(
                ["exec", "--", "sh", "-c", #"test "$CSM_ACCESS_TOKEN" = "$1" && exit 7"#, "sh", accessToken],
                sandbox: server)
            #expect(exec.status == 7)
            // Signals reach the command: it dies of SIGTERM instead of reaching `exit 3`.
            let signalled = try cli.run(["exec", "--", "sh", "-c", "kill -TERM $$; exit 3"], sandbox: server)
            #expect(signalled.status == SIGTERM)
            let missing = try cli.run(["exec", "--", "/nonexistent/command"], sandbox: server)
            #expect(missing.status == 127)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func execCallsTheAPIWithCurl() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let call = try cli.run(
                [
                    "exec", "--", "sh", "-c",
                    #"curl -sf -H "Authorization: $CSM_AUTHORIZATION" "$CSM_API_BASE_URL/organization/1""#,
                ],
                sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stdout.contains("\"id\""))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func basicLoginGivesABasicHeader() async throws {
        try await withSandbox(sandbox()) { server in
            let site = server.sites[0]
            let login = try cli.run(
                ["login", "--basic", "--site", site.url, "--email", "agent@sandbox.example"], sandbox: server,
                input: "sandbox-agent-token\n")
            #expect(login.status == 0, "\(login.stderr)")
            let header = try cli.run(["header"], sandbox: server)
            let expected = Data("agent@sandbox.example:sandbox-agent-token".utf8).base64EncodedString()
            #expect(header.stdout == "Authorization: Basic \(expected)\n")
            #expect(try cli.run(["token"], sandbox: server).stdout == "sandbox-agent-token\n")
            let status = try cli.run(["status", "--json"], sandbox: server)
            let object = try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(object["auth"] as? String == "basic")
            #expect(object["cloudId"] as? String == site.cloudID)
            #expect(!status.stdout.contains("sandbox-agent-token"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func basicLoginWithoutATokenIsAUsageError() async throws {
        let login = try cli.run(
            ["login", "--basic", "--site", "http://127.0.0.1:1/site/x", "--email", "a@b.example"], input: "")
        #expect(login.status == 64)
    }

    @Test func tokenVariableBypassesEveryStore() throws {
        let result = try cli.run(
            ["header"],
            environment: [
                "CSM_AUTH_TOKEN": "handed-in", "CSM_AUTH_CLOUD_ID": "c-1",
                "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
            ])
        #expect(result.status == 0)
        #expect(result.stdout == "Authorization: Bearer handed-in\n")
    }

    @Test func verboseLogsEachExchangeWithoutSecrets() async throws {
        try await withSandbox(sandbox()) { server in
            try login(server)
            let refresh = try cli.run(["refresh", "--verbose"], sandbox: server)
            #expect(refresh.status == 0, "\(refresh.stderr)")
            #expect(refresh.stdout.isEmpty)
            #expect(refresh.stderr.contains("POST \(server.baseURL)/oauth/token -> 200 in "))
            let token = try self.token(server)
            let refreshToken = try #require(try storedRefreshToken())
            for secret in [token, refreshToken, cli.clientSecret] { #expect(!refresh.stderr.contains(secret)) }
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func envWithoutASiteWarnsOnStandardError() throws {
        let result = try cli.run(["env"], environment: ["CSM_AUTH_TOKEN": "handed-in"])
        #expect(result.status == 0)
        #expect(result.stdout == "export CSM_ACCESS_TOKEN='handed-in'\nexport CSM_AUTHORIZATION='Bearer handed-in'\n")
        #expect(result.stderr.contains("CSM_CLOUD_ID"))
    }

    @Test func tokenWithoutLoginIsExitFour() throws {
        let result = try cli.run(["token"])
        #expect(result.status == 4)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("csm-auth login"))
    }
}
