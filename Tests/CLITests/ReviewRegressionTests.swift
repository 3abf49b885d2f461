import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What a hostile review broke after the first hardening round, one test each.
@Suite(.blocking) struct ReviewRegressionTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var credentialsFile: String { cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json" }

    func login(_ server: SandboxServer) throws -> ChildProcess.Result {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        return try cli.run(
            ["login", "--storage", "file", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
    }

    /// Starts `csm-auth ARGS` and returns it running.
    func start(_ arguments: [String], server: SandboxServer) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.csmAuth)
        process.arguments = arguments
        process.environment = cli.environment(sandbox: server)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func refreshInFlightCannotOverwriteANewLogin() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            server.revokeAllGrants()
            // The refresh holds the profile's lock while the (slow) server answers invalid_grant.
            server.setFaults(SandboxFaults(delay: 2))
            let refresh = try start(["refresh"], server: server)
            try await Task.sleep(for: .milliseconds(700))
            server.setFaults(.none)
            let relogin = try login(server)
            #expect(relogin.status == 0, "\(relogin.stderr)")
            refresh.waitUntilExit()
            #expect(refresh.terminationStatus == 4)
            // The new login survived the old refresh's failure.
            let token = try cli.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func refreshInFlightCannotWriteSecretsBackAfterALogout() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            server.setFaults(SandboxFaults(delay: 2))
            let refresh = try start(["refresh"], server: server)
            try await Task.sleep(for: .milliseconds(700))
            let logout = try cli.run(["logout"], sandbox: server)
            #expect(logout.status == 0, "\(logout.stderr)")
            refresh.waitUntilExit()
            #expect(!FileManager.default.fileExists(atPath: credentialsFile))
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }

    @Test func cloudIDFromTheServerThatIsNotAnIDIsRefused() throws {
        let server = try HostileServer(cloudID: "../../../../evil/x?y#")
        let login = try cli.run(
            ["login", "--basic", "--storage", "file", "--site", server.baseURL + "/site", "--email", "a@example.com"],
            environment: ["CSM_AUTH_API_URL": server.baseURL], input: "a-token\n")
        #expect(login.status == 1, "\(login.stderr)")
        #expect(login.stderr.contains("not an id"))
        #expect(!FileManager.default.fileExists(atPath: credentialsFile))
    }

    @Test func paginationThatLoopsStops() throws {
        let server = try HostileServer(cloudID: "c1")
        let result = try cli.run(
            ["api", "loop", "--paginate"],
            environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": server.baseURL])
        #expect(result.status == 1)
        #expect(result.stderr.contains("already fetched"))
    }

    @Test func configFolderModeIsLeftAlone() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let folder = cli.folder.path + "/shared-config"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o755)
            let login = try cli.run(
                [
                    "login", "--basic", "--storage", "file", "--site", server.sites[0].url, "--email",
                    SandboxUser.agent.email,
                ], sandbox: server,
                environment: ["CSM_AUTH_CONFIG_DIR": folder], input: SandboxUser.agent.apiToken + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            _ = try cli.run(["logout"], sandbox: server, environment: ["CSM_AUTH_CONFIG_DIR": folder])
            #expect(try cli.folder.mode(of: folder) == 0o755)
        }
    }

    @Test func execTakesGlobalOptionsAndIsSuggested() throws {
        let exec = try cli.run(
            ["--profile", "elsewhere", "--verbose", "exec", "--", "true"], environment: ["CSM_AUTH_TOKEN": "t"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(try cli.run(["exe"]).stderr.contains("did you mean 'exec'"))
    }

    @Test func longUnexpectedArgumentIsNotRepeated() throws {
        let result = try cli.run([
            "login", "--basic", "--site", "https://a.example", "--email", "a@b.example", "s3cr3t-token-that-was-pasted",
        ])
        #expect(result.status == 64)
        #expect(!result.stderr.contains("s3cr3t"))
    }

    @Test func badHeaderNameIsNotRepeated() throws {
        let result = try cli.run(
            ["api", "x", "-H", "Authorization Bearer s3cr3t:x"],
            environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1"])
        #expect(result.status == 64)
        #expect(!result.stderr.contains("s3cr3t"))
    }

    @Test func invisibleLineAndDirectionCharactersAreEscaped() throws {
        let result = try cli.run(["token", "--profile", "a\u{2028}b\u{202E}c"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(#"a\u{2028}b\u{202E}c"#))
    }

    @Test func pastedLineOneByteOverTheBoundIsRefused() throws {
        let line = String(repeating: "a", count: 16 * 1024 + 1)
        let result = try cli.run(
            ["login", "--paste", "--callback-url", "http://127.0.0.1:1/callback"], input: line + "\n")
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("longer than"))
    }
}
